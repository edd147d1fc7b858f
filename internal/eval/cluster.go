// Package eval scores Parallax's stages against gold data: story clustering (pairwise and
// BCubed precision, recall and F1) and, later, extraction.
package eval

// ClusterScore holds the standard clustering figures.
type ClusterScore struct {
	Items                                   int
	PairPrecision, PairRecall, PairF1       float64
	BCubedPrecision, BCubedRecall, BCubedF1 float64
	GoldClusters, PredictedClusters         int
}

// Cluster scores predicted against gold cluster labels, over the items present in both.
func Cluster(gold, predicted map[string]string) ClusterScore {
	var ids []string
	for id := range gold {
		if _, ok := predicted[id]; ok {
			ids = append(ids, id)
		}
	}
	s := ClusterScore{Items: len(ids)}
	goldSize, predSize, both := map[string]int{}, map[string]int{}, map[[2]string]int{}
	for _, id := range ids {
		g, p := gold[id], predicted[id]
		goldSize[g]++
		predSize[p]++
		both[[2]string{g, p}]++
	}
	s.GoldClusters, s.PredictedClusters = len(goldSize), len(predSize)
	if len(ids) == 0 {
		return s
	}
	// Pairwise: pairs in the same predicted cluster that are also together in gold.
	var tp, predPairs, goldPairs float64
	for _, n := range both {
		tp += float64(n*(n-1)) / 2
	}
	for _, n := range predSize {
		predPairs += float64(n*(n-1)) / 2
	}
	for _, n := range goldSize {
		goldPairs += float64(n*(n-1)) / 2
	}
	s.PairPrecision, s.PairRecall = ratio(tp, predPairs), ratio(tp, goldPairs)
	s.PairF1 = f1(s.PairPrecision, s.PairRecall)
	// BCubed: per item, the share of its predicted cluster that is in its gold cluster, and back.
	var bp, br float64
	for _, id := range ids {
		g, p := gold[id], predicted[id]
		n := float64(both[[2]string{g, p}])
		bp += n / float64(predSize[p])
		br += n / float64(goldSize[g])
	}
	s.BCubedPrecision, s.BCubedRecall = bp/float64(len(ids)), br/float64(len(ids))
	s.BCubedF1 = f1(s.BCubedPrecision, s.BCubedRecall)
	return s
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 1
	}
	return a / b
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
