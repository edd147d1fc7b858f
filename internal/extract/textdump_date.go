package extract

import (
	"strings"
	"time"
)

// findDates reads the publication and modification dates from the lines around the
// headline: a date alone on its line, labelled ("Published on ...", "Updated: ..."), or in
// the byline ("By Jane Doe · October 10, 2021"). Captions ("... December 11, 2020") and
// sentences are not dates of the page. others are the remaining dates nearby, evidence for
// the day/month order of ambiguous ones.
func findDates(lines []dumpLine, titleAt, bodyStart int) (pub, mod *pageDate, others []time.Time) {
	from := max(0, min(titleAt-8, bodyStart-15))
	to := min(len(lines)-1, max(bodyStart+5, titleAt+12))
	pubScore := -1e9
	modDist := 1 << 30
	for i := from; i <= to; i++ {
		l := &lines[i]
		if l.cls == clsCaption || l.cls == clsTags || l.words > 25 || l.prose() && l.ends && l.words > 12 {
			continue
		}
		t := stripPlaceholders(l.text)
		d, ok := parseDate(t)
		if !ok || (d.t.IsZero() && !d.amb) {
			continue
		}
		lbl := strings.ToLower(reDateLbl.FindString(t))
		if lbl == "" {
			// "... · Updated Dec. 23, 2024": a label just before the date.
			if k := strings.Index(t, d.raw); k > 0 {
				lbl = strings.ToLower(reDateLblAny.FindString(t[:k]))
			}
		}
		dist := abs(i - titleAt)
		if strings.Contains(lbl, "modified") || strings.Contains(lbl, "updated") || strings.Contains(lbl, "edited") {
			if dist < modDist {
				dd := d
				mod, modDist = &dd, dist
			}
			continue
		}
		s := -0.2 * float64(dist)
		switch {
		case lbl != "":
			s += 4
		case l.cls == clsDate:
			s += 2
		}
		if _, ok := afterBy(t); ok {
			s += 2
		}
		if s > pubScore {
			if pub != nil && !pub.t.IsZero() {
				others = append(others, pub.t)
			}
			dd := d
			pub, pubScore = &dd, s
		} else if !d.t.IsZero() {
			others = append(others, d.t)
		}
	}
	return pub, mod, others
}
