package extract

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/parallax-news/parallax/internal/news"
)

// TestHTMLTitleAndDateClasses covers classes of pages whose headline or date the first
// reading got wrong: theme layout flags on <body> and content wrappers taken for chrome,
// pages using several <h1> for section heads, a tagline after " | " in the headline, and
// a date shown only as text under the headline, an author box holding a biography.
func TestHTMLTitleAndDateClasses(t *testing.T) {
	cases := []struct {
		file, title, published string
		authors                []string
	}{
		// "menu_sidebar_slide_left" and "wp-custom-logo" on <body>, "content-sidebar-wrap"
		// around the article: the h1 is still the article's, and so is the byline.
		{"layout-body-class.html", "Ten Ways to Grow Tomatoes Indoors", "", []string{"Mara Quill"}},
		// Two h1 section heads, neither like the meta title: the meta title, without the site.
		{"several-h1.html", "How Night Trains Came Back to Europe", "2024-03-14", nil},
		// The tagline after the bar goes; the date is the one under the headline, not the
		// footer's.
		{"tagline-h1.html", "Best Budget Tents of 2025", "2025-06-03", nil},
		// An author box whose text is mostly the biography: the name line above it.
		{"author-box.html", "Why Bread Goes Stale Faster in the Fridge", "", []string{"Odile Ferrand"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join("testdata", "html-meta", c.file)
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Extract(news.RawDoc{Path: path, Kind: news.KindHTML, URL: "https://example.org/post", Body: body}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != c.title {
				t.Errorf("title %q, want %q", a.Title, c.title)
			}
			if c.published != "" && (a.Published.IsZero() || a.Published.Format("2006-01-02") != c.published) {
				t.Errorf("published %v, want %s", a.Published, c.published)
			}
			if c.authors != nil && !slices.Equal(a.Authors, c.authors) {
				t.Errorf("authors %q, want %q", a.Authors, c.authors)
			}
		})
	}
}

// TestSplitNamesRole checks that a job title glued after a name without a comma is not
// read as part of the name, while names of three words stay whole.
func TestSplitNamesRole(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"By Jane Doe Tech Reporter", []string{"Jane Doe"}},
		{"John Roe Former McKinsey Consultant", []string{"John Roe"}},
		{"Ana Lima Writer", []string{"Ana Lima"}},
		{"Mary Ann Smith", []string{"Mary Ann Smith"}},
		{"Mary Ann Smith and Tom Hale", []string{"Mary Ann Smith", "Tom Hale"}},
	}
	for _, c := range cases {
		if got := splitNames(c.in); !slices.Equal(got, c.want) {
			t.Errorf("splitNames(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestHeadingText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<h1>How AI Cuts Your Planning C<span class="x">ycle</span></h1>`, "How AI Cuts Your Planning Cycle"},
		{`<h1><span class="descriptor">Title:</span>AlignMerge - Model Merging</h1>`, "AlignMerge - Model Merging"},
		{`<h1>Best Alternatives<span>Top Tools</span></h1>`, "Best Alternatives Top Tools"},
		{`<h1>And finally&amp;#8230; trouble<br>brewing</h1>`, "And finally… trouble brewing"},
	} {
		doc, err := html.Parse(strings.NewReader(c.in))
		if err != nil {
			t.Fatal(err)
		}
		pm := collectMeta(doc)
		if len(pm.h1) != 1 || pm.h1[0].text != c.want {
			t.Errorf("%s: got %+v, want %q", c.in, pm.h1, c.want)
		}
	}
}

func TestAuthorSources(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"card label", `<head><meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Chase Bernath"></head><body><h1>T</h1></body>`, "Chase Bernath"},
		{"label element", `<body><h1>T</h1><div class="tags"><strong>Contributors:</strong> Janet Loughrey</div></body>`, "Janet Loughrey"},
		{"label then name", `<body><h1>T</h1><div><span>By </span><button>Preetam Jinka</button></div></body>`, "Preetam Jinka"},
		{"role after the name", `<body><h1>T</h1><p class="byline">Audrey Huang, Print Managing Editor</p></body>`, "Audrey Huang"},
		{"profile link", `<body><h1>T</h1><div class="author-box"><a href="/x">View Full Profile</a></div><meta name="author" content="John Goreham"></body>`, "John Goreham"},
		{"a name that starts like a month", `<head><meta name="author" content="Maria &amp; Katerina"></head><body><h1>T</h1></body>`, "Maria; Katerina"},
		{"a template placeholder", `<head><meta name="author" content="Page Head Extra Author"></head><body><h1>T</h1></body>`, ""},
		{"a role glued to the name", `<body><h1>T</h1><p class="byline">Matt Check Head Winemaker, Co-Founder</p></body>`, "Matt Check"},
		{"Next.js root is no related box", `<body><div id="__next"><h1>T</h1><p class="byline">By Jane Doe</p></div></body>`, "Jane Doe"},
	} {
		doc, err := html.Parse(strings.NewReader(c.in))
		if err != nil {
			t.Fatal(err)
		}
		pm := collectMeta(doc)
		got := pickAuthors(pm, parseJSONLD(pm.jsonld), "", nil)
		if strings.Join(got, "; ") != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestParseMetaDateNumeric(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // "" when the order is ambiguous
	}{
		{"17.05.2021", "2021-05-17"},
		{"2/24/2026", "2026-02-24"},
		{"12.12.2025", "2025-12-12"},
		{"Published on 01-12-2021 16:24", ""},
		{"March 9, 2026", "2026-03-09"},
	} {
		got, ok := parseMetaDate(c.in)
		if c.want == "" {
			if ok {
				t.Errorf("%q: read %s, want unread (day and month could be swapped)", c.in, got.Format("2006-01-02"))
			}
			continue
		}
		if !ok || got.Format("2006-01-02") != c.want {
			t.Errorf("%q: got %v %v, want %s", c.in, got, ok, c.want)
		}
	}
}

func TestUpdatedDateIsNotPublished(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<head><meta property="article:published_time" content="2016-02-25T23:48:16+00:00"></head>
<body><h1>Guide</h1><p class="post-date">Last Updated: <time class="entry-date published">April 1, 2025</time></p><p>Body.</p></body>`))
	if err != nil {
		t.Fatal(err)
	}
	pm := collectMeta(doc)
	pub, mod := pickDates(pm, parseJSONLD(pm.jsonld), time.Time{})
	if pub.Format("2006-01-02") != "2016-02-25" || mod.Format("2006-01-02") != "2025-04-01" {
		t.Errorf("published %v, modified %v; want 2016-02-25 and 2025-04-01 (the nested date is the update's)", pub, mod)
	}
}

func TestPersonalSite(t *testing.T) {
	for _, c := range []struct{ in, host, want string }{
		{`<title>Preparing a transition | Colin Watson's blog</title>`, "chiark.greenend.org.uk", "Colin Watson"},
		{`<meta property="og:site_name" content="Polly Barks"><title>Zero waste — Polly Barks</title>`, "pollybarks.com", "Polly Barks"},
		{`<title>Go ahead, self-host Postgres | Pierce Freeman</title>`, "pierce.dev", "Pierce Freeman"},
		{`<meta property="og:site_name" content="Tiger Data">`, "tigerdata.com", ""},
		{`<meta property="og:site_name" content="Easy LMS">`, "easy-lms.com", ""},
		{`<title>Post | Jane Doe</title>`, "example.com", ""},
	} {
		doc, err := html.Parse(strings.NewReader(c.in))
		if err != nil {
			t.Fatal(err)
		}
		pm := collectMeta(doc)
		if got := personalSite(pm, parseJSONLD(pm.jsonld), c.host); got != c.want {
			t.Errorf("%s on %s: got %q, want %q", c.in, c.host, got, c.want)
		}
	}
}

func TestCleanHeadline(t *testing.T) {
	sites := []string{"Artlyst", "artlyst.com", "artlyst"}
	for _, c := range []struct{ in, want string }{
		{"Dec 18 2025 Preparing a transition in Debusine", "Preparing a transition in Debusine"},
		{"Critics’ Choice: Best UK Art Exhibitions 2025 – Artlyst", "Critics’ Choice: Best UK Art Exhibitions 2025"},
		{"Blog: Best Social Media Agencies in 2025", "Best Social Media Agencies in 2025"},
		{"Best Movers in NYC 2025 | Top 19 Companies", "Best Movers in NYC 2025"},
		{"The Year in Review, March 3, 2024", "The Year in Review"},
		{"Guide: Fees", "Guide: Fees"},
		{"Almost Timely News: Using AI for Analytics (2025-09-21)", "Almost Timely News: Using AI for Analytics (2025-09-21)"},
	} {
		if got := cleanHeadline(c.in, sites); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
}

func TestShownRevisionDate(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<head><meta property="article:published_time" content="2022-01-03T16:52:00+00:00"></head>
<body><h1>Guide</h1><time class="entry-date published" datetime="2025-11-03">2025-11-03</time><p>Body.</p></body>`))
	if err != nil {
		t.Fatal(err)
	}
	pm := collectMeta(doc)
	pub, _ := pickDates(pm, parseJSONLD(pm.jsonld), time.Time{})
	if got := pub.Format("2006-01-02"); got != "2022-01-03" {
		t.Errorf("published %s, want the metadata's earlier 2022-01-03", got)
	}
}

func TestLabelledDate(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<body><div><div>Last updated:</div> <div>Dec 12, 2025</div></div><h1>Guide</h1>
<div><span>Published</span><span>March 3, 2025</span></div><p>Body.</p></body>`))
	if err != nil {
		t.Fatal(err)
	}
	pm := collectMeta(doc)
	pub, mod := pickDates(pm, parseJSONLD(pm.jsonld), time.Time{})
	if pub.Format("2006-01-02") != "2025-03-03" || mod.Format("2006-01-02") != "2025-12-12" {
		t.Errorf("published %v, modified %v; want 2025-03-03 and 2025-12-12", pub, mod)
	}
}

// TestPickTitleClasses covers headline choices between the <h1> and the meta titles: a
// JSON-LD headline cut short, an <h1> that names the section, a headline printed twice, a
// meta title that adds the list's count, a meta title escaped twice.
func TestPickTitleClasses(t *testing.T) {
	for _, c := range []struct{ name, head, body, want string }{
		{"truncated JSON-LD headline",
			`<script type="application/ld+json">{"@type":"Article","headline":"We Help 4 Readers Find Solutions (Including"}</script><meta property="og:title" content="We Help 4 Readers Find Solutions (Including One Trick That Works) - Site Name"><meta property="og:site_name" content="Site Name">`,
			``, "We Help 4 Readers Find Solutions (Including One Trick That Works)"},
		{"an h1 that names the section",
			`<meta property="og:title" content="Cybersecurity Sector Update: Fall 2025">`,
			`<h1>M&amp;A Updates</h1>`, "Cybersecurity Sector Update: Fall 2025"},
		{"a short h1 that is the headline",
			`<meta property="og:title" content="History of coffee | Origin, Spread, Ethiopia, Arabia, Facts">`,
			`<h1>history of coffee</h1>`, "history of coffee"},
		{"the headline printed twice",
			`<meta property="og:title" content="How do you set up an ergonomic workstation? | Ergo Series">`,
			`<h1>Setting up an ergonomic workspace</h1><h1>Setting up an ergonomic workspace</h1>`, "Setting up an ergonomic workspace"},
		{"a meta title with the list's count",
			`<meta property="og:title" content="8 Recent Trends in Photography - Flatworld"><meta property="og:site_name" content="Flatworld">`,
			`<h1>Recent Trends in Photography</h1>`, "8 Recent Trends in Photography"},
		{"an h1 in capitals",
			`<meta property="og:title" content="Best Drip Coffee Maker 2026: Buying Tips From Coffee Pros">`,
			`<h1>BEST DRIP COFFEE MAKER 2026: BUYING TIPS FROM COFFEE PROS</h1>`, "Best Drip Coffee Maker 2026: Buying Tips From Coffee Pros"},
		{"an h1 that lost characters to its encoding",
			`<meta property="og:title" content="What Are The Basics Of Event Planning: Beginner's Guide">`,
			`<h1>What Are The Basics Of Event Planning? Beginner? Guide</h1>`, "What Are The Basics Of Event Planning: Beginner's Guide"},
		{"an h1 that asks",
			`<meta property="og:title" content="Need a Change? 7 Vital Tips to Hit the Road in a Rental Car">`,
			`<h1>Need a Change? 7 Vital Tips on How to Rent a Car</h1>`, "Need a Change? 7 Vital Tips on How to Rent a Car"},
		{"a domain before the headline",
			`<title>example.org Vibe Coding</title>`,
			`<h1>example.org</h1>`, "Vibe Coding"},
		{"a meta title escaped twice",
			`<meta property="og:title" content="And finally&amp;#8230; trouble brewing">`,
			`<h1>And finally… trouble brewing</h1>`, "And finally… trouble brewing"},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><head>" + c.head + "</head><body>" + c.body + "<p>Text.</p></body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			pm := collectMeta(doc)
			ld := parseJSONLD(pm.jsonld)
			if got := pickTitle(pm, ld, siteNames(pm, ld, "example.org")); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
