package extract

import (
	"regexp"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// findDates reads the publication and modification dates from the lines around the
// headline: a date alone on its line, labelled ("Published on ...", "Updated: ..."), or in
// the byline ("By Jane Doe · October 10, 2021"). Captions ("... December 11, 2020") and
// sentences are not dates of the page. others are the remaining dates nearby, evidence for
// the day/month order of ambiguous ones.
func findDates(lines []dumpLine, titleAt, bodyStart int) (pub, mod *pageDate, others []time.Time) {
	from := max(0, min(titleAt-8, bodyStart-15))
	to := min(len(lines)-1, max(bodyStart+5, titleAt+12))
	return findDatesIn(lines, titleAt, from, to, false)
}

// findDatesWide looks for the page's dates anywhere above the end of the article and a
// little below it, when none stands near the headline (a wrong headline, a date printed
// in a sidebar or at the foot): only dates that stand as page furniture count there,
// labelled, alone on their line, or next to a byline or a reading time.
func findDatesWide(lines []dumpLine, titleAt, end int) (pub, mod *pageDate, others []time.Time) {
	return findDatesIn(lines, titleAt, 0, min(len(lines)-1, end+12), true)
}

func findDatesIn(lines []dumpLine, titleAt, from, to int, strict bool) (pub, mod *pageDate, others []time.Time) {
	pubScore := -1e9
	modDist := 1 << 30
	for i := from; i <= to; i++ {
		l := &lines[i]
		if l.cls == clsCaption || l.cls == clsTags || l.words > 25 || l.prose() && l.ends && l.words > 12 {
			continue
		}
		t := stripPlaceholders(l.text)
		if m := reDatePair.FindStringSubmatchIndex(t); m != nil {
			// "Posted on June 29, 2020November 12, 2021": a blog's published and updated
			// dates glued together; the earlier is the publication, the later its update.
			d1, ok1 := parseDate(t[m[2]:m[3]])
			d2, ok2 := parseDate(t[m[4]:m[5]])
			if ok1 && ok2 && !d1.t.IsZero() && !d2.t.IsZero() {
				if d2.t.Before(d1.t) {
					d1, d2 = d2, d1
				}
				if dist := abs(i - titleAt); d2.t.After(d1.t) && dist < modDist {
					dd := d2
					mod, modDist = &dd, dist
				}
				t = t[:m[0]] + d1.raw + " " + t[m[1]:]
			}
		}
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
		_, by := afterBy(t)
		if strict && lbl == "" && l.cls != clsDate && !by && !nearMeta(lines, i, titleAt) {
			continue
		}
		dist := abs(i - titleAt)
		if strict {
			dist /= 10
		}
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
		if by {
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

// dateOrder is what is known of how a page writes numeric dates.
type dateOrder uint8

const (
	orderUnknown dateOrder = iota
	orderDayFirst
	orderMonthFirst
)

// pageDateOrder reads the page's own convention from numeric dates whose order shows
// (25-12-2020 is day first, 12-25-2020 month first); unknown when none does or they
// disagree.
func pageDateOrder(lines []dumpLine) dateOrder {
	df, mf := 0, 0
	for i := range lines {
		for _, m := range reNumDate.FindAllStringSubmatch(lines[i].text, -1) {
			a, b := atoi(m[1]), atoi(m[2])
			switch {
			case a > 12 && a <= 31 && b >= 1 && b <= 12:
				df++
			case b > 12 && b <= 31 && a >= 1 && a <= 12:
				mf++
			}
		}
	}
	switch {
	case df > 0 && mf == 0:
		return orderDayFirst
	case mf > 0 && df == 0:
		return orderMonthFirst
	}
	return orderUnknown
}

// siteDateOrder settles the order for a page: its own evidence first, else the site's
// convention learnt from earlier pages; the page's evidence is added to the model.
func siteDateOrder(m *Templates, host string, lines []dumpLine) dateOrder {
	o := pageDateOrder(lines)
	if o != orderUnknown {
		m.NoteDateOrder(host, o == orderDayFirst)
		return o
	}
	if dayFirst, ok := m.DateOrder(host); ok {
		if dayFirst {
			return orderDayFirst
		}
		return orderMonthFirst
	}
	return orderUnknown
}

// settle reads an ambiguous numeric date in the known order.
func (d *pageDate) settle(o dateOrder) {
	if d == nil || !d.amb || o == orderUnknown {
		return
	}
	if o == orderDayFirst {
		d.t = d.alt
	} else {
		d.t = d.mdy
	}
	d.amb = false
}

// reURLDate is a day in a page's address: "/2025/12/19/", "/2025-12-19-".
// reDatePair is two dates with month names glued together, the first year running into
// the second month ("June 29, 2020November 12, 2021").
var reDatePair = regexp.MustCompile(`((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?, \d{4})((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?, \d{4})`)

var reURLDate = regexp.MustCompile(`/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:[/-]|$)`)

// urlDate is the publication day a page's address names, when it names one: sites that
// put the date in their addresses put the day of publication there.
func urlDate(u string) (time.Time, bool) {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	m := reURLDate.FindStringSubmatch(u)
	if m == nil {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", m[1]+"-"+m[2]+"-"+m[3])
	return t, err == nil
}

// useURLDate makes the address's day the publication date when the text found another
// day or none, or only an ambiguous one (whose warning it settles).
func useURLDate(a *news.Article, pageURL string) {
	d, ok := urlDate(pageURL)
	if !ok || !a.Published.IsZero() && a.Published.Format("2006-01-02") == d.Format("2006-01-02") {
		return
	}
	a.Published = d
	kept := a.Warnings[:0]
	for _, w := range a.Warnings {
		if !strings.HasPrefix(w, "published date ambiguous") {
			kept = append(kept, w)
		}
	}
	a.Warnings = kept
}
