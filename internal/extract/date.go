package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// pageDate is a date read from a line of a page.
type pageDate struct {
	raw  string    // the date as written, for warnings
	t    time.Time // the reading; zero when ambiguous
	alt  time.Time // for an ambiguous numeric date: the day-month reading (t holds none)
	mdy  time.Time // for an ambiguous numeric date: the month-day reading
	amb  bool      // numeric day and month that can be read both ways
	span int       // bytes of the line the date covers
}

var (
	reNumDate = regexp.MustCompile(`\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b(?:,?\s*(?:at\s*)?(\d{1,2}):(\d{2})(?:\s*([ap]\.?m\.?))?)?`)
	reISODate = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?`)
	reMonDate = regexp.MustCompile(`(?i)\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4})\b(?:,?\s*(?:at\s*)?(\d{1,2}):(\d{2})(?:\s*([ap]\.?m\.?))?)?`)
	months    = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
)

// reGluedMonth finds a month name glued to the word before it, as text browsers print a
// byline's name and date ("ZeldmanNovember 20, 2007").
var reGluedMonth = regexp.MustCompile(`(\p{Ll})((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)`)

// parseDate finds the first date in s. ok is false when s holds none.
func parseDate(s string) (d pageDate, ok bool) {
	if reGluedMonth.MatchString(s) {
		s = reGluedMonth.ReplaceAllString(s, "$1 $2")
	}
	if m := reISODate.FindStringSubmatchIndex(s); m != nil {
		g := groups(s, m)
		t, ok := mkTime(atoi(g[1]), atoi(g[2]), atoi(g[3]), g[4], g[5], "")
		if ok {
			return pageDate{raw: g[0], t: t, span: len(g[0])}, true
		}
	}
	if m := reNumDate.FindStringSubmatchIndex(s); m != nil {
		g := groups(s, m)
		a, b, y := atoi(g[1]), atoi(g[2]), atoi(g[3])
		raw := strings.TrimSpace(s[m[2]:m[7]])
		d := pageDate{raw: raw, span: len(g[0])}
		mdy, okMDY := mkTime(y, a, b, g[4], g[5], g[6])
		dmy, okDMY := mkTime(y, b, a, g[4], g[5], g[6])
		switch {
		case okMDY && okDMY && a != b:
			d.amb, d.mdy, d.alt = true, mdy, dmy
		case okMDY:
			d.t = mdy
		case okDMY:
			d.t = dmy
		default:
			return pageDate{}, false
		}
		return d, true
	}
	if m := reMonDate.FindStringSubmatchIndex(s); m != nil {
		g := groups(s, m)
		day := g[1]
		if day == "" {
			day = g[3]
		}
		if day == "" {
			return pageDate{}, false
		}
		t, ok := mkTime(atoi(g[4]), int(months[strings.ToLower(g[2][:3])]), atoi(day), g[5], g[6], g[7])
		if ok {
			return pageDate{raw: g[0], t: t, span: len(g[0])}, true
		}
	}
	return pageDate{}, false
}

func groups(s string, m []int) []string {
	g := make([]string, len(m)/2)
	for i := range g {
		if m[2*i] >= 0 {
			g[i] = s[m[2*i]:m[2*i+1]]
		}
	}
	return g
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// mkTime builds a UTC time, rejecting impossible dates (time.Date would normalize them).
func mkTime(y, mon, day int, hh, mm, ampm string) (time.Time, bool) {
	if y < 1900 || y > 2200 || mon < 1 || mon > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	h, mi := 0, 0
	if hh != "" {
		h, mi = atoi(hh), atoi(mm)
		if ampm = strings.ToLower(strings.ReplaceAll(ampm, ".", "")); ampm == "pm" && h < 12 {
			h += 12
		} else if ampm == "am" && h == 12 {
			h = 0
		}
		if h > 23 || mi > 59 {
			h, mi = 0, 0
		}
	}
	t := time.Date(y, time.Month(mon), day, h, mi, 0, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, false
	}
	return t, true
}

// resolveDates settles ambiguous numeric dates (01-12-2021: January 12 or 1 December?) from
// evidence on the page: another date whose order is known, the rule that a page is modified
// after it is published, or an unambiguous date on the page that matches one reading.
// What stays ambiguous keeps a zero time.
func resolveDates(pub, mod *pageDate, others []time.Time) {
	order := func(d *pageDate, dayFirst bool) {
		if dayFirst {
			d.t = d.alt
		} else {
			d.t = d.mdy
		}
		d.amb = false
	}
	// Evidence 1: the page writes a numeric date with a day > 12 in some position.
	for _, d := range []*pageDate{pub, mod} {
		if d == nil || d.amb || d.t.IsZero() || !reNumDate.MatchString(d.raw) {
			continue
		}
		g := reNumDate.FindStringSubmatch(d.raw)
		dayFirst := atoi(g[1]) == d.t.Day() && atoi(g[1]) != int(d.t.Month())
		for _, o := range []*pageDate{pub, mod} {
			if o != nil && o.amb {
				order(o, dayFirst)
			}
		}
	}
	// Evidence 2: only one reading puts publication before modification.
	if pub != nil && mod != nil && pub.amb && mod.amb {
		mdyOK := !pub.mdy.After(mod.mdy)
		dmyOK := !pub.alt.After(mod.alt)
		if mdyOK != dmyOK {
			order(pub, dmyOK)
			order(mod, dmyOK)
		}
	}
	// Evidence 3: another date on the page (same day) matches only one reading.
	for _, d := range []*pageDate{pub, mod} {
		if d == nil || !d.amb {
			continue
		}
		for _, o := range others {
			m, a := sameDay(o, d.mdy), sameDay(o, d.alt)
			if m != a {
				order(d, a)
				break
			}
		}
	}
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}
