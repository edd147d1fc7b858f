package eval

import (
	"math"
	"testing"
)

func TestClusterScores(t *testing.T) {
	gold := map[string]string{"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
	perfect := Cluster(gold, map[string]string{"a": "x", "b": "x", "c": "x", "d": "y", "e": "y"})
	if perfect.PairF1 != 1 || perfect.BCubedF1 != 1 {
		t.Errorf("perfect clustering scored %+v", perfect)
	}
	// All singletons: BCubed precision 1, recall (1/3*3 + 1/2*2)/5 = 0.4; no predicted pairs.
	single := Cluster(gold, map[string]string{"a": "1", "b": "2", "c": "3", "d": "4", "e": "5"})
	if single.BCubedPrecision != 1 || math.Abs(single.BCubedRecall-0.4) > 1e-9 || single.PairRecall != 0 {
		t.Errorf("singletons scored %+v", single)
	}
	// One big cluster: pair precision = 4 true pairs of 10.
	one := Cluster(gold, map[string]string{"a": "z", "b": "z", "c": "z", "d": "z", "e": "z"})
	if math.Abs(one.PairPrecision-0.4) > 1e-9 || one.PairRecall != 1 {
		t.Errorf("one cluster scored %+v", one)
	}
}
