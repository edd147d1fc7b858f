package extract

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"

	"github.com/parallax-news/parallax/internal/text"
)

// ldArticle is what the page's JSON-LD says about its article.
type ldArticle struct {
	found               bool // an Article-like object was found
	pageType            string
	headline            string
	description         string
	authors             []string
	authorsOrg          bool // every author is typed Organization (a site crediting itself)
	published, modified string
	publisher           string
	keywords            []string
	language            string
}

// maxJSONLD bounds one JSON-LD script.
const maxJSONLD = 1 << 20

// articleTypes are schema.org types of one article (or blog post, report, review).
var articleTypes = map[string]int{
	"newsarticle": 3, "article": 3, "blogposting": 3, "reportagenewsarticle": 3, "analysisnewsarticle": 3,
	"opinionnewsarticle": 3, "backgroundnewsarticle": 3, "reviewnewsarticle": 3, "report": 2, "scholarlyarticle": 3,
	"techarticle": 3, "review": 2, "liveblogposting": 3, "posting": 2, "socialmediaposting": 2, "medicalwebpage": 1,
	"howto": 2, "recipe": 2, "webpage": 1, "aboutpage": 1, "faqpage": 1, "itempage": 1,
}

// listTypes are schema.org types of pages that are not one article.
var listTypes = map[string]bool{"collectionpage": true, "searchresultspage": true, "itemlist": true}

// parseJSONLD reads the Article-like object of the page's JSON-LD scripts (the most
// specific type wins; within a type, the first).
func parseJSONLD(scripts []string) ldArticle {
	var best map[string]any
	bestRank := 0
	var all []map[string]any
	pageType := ""
	for _, s := range scripts {
		s = strings.TrimSpace(s)
		if s == "" || len(s) > maxJSONLD {
			continue
		}
		var v any
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			// Some sites put a trailing comma or two objects in one script; skip those.
			continue
		}
		collectLD(v, &all, 0)
	}
	for _, o := range all {
		for _, t := range ldTypes(o) {
			if listTypes[t] && pageType == "" {
				pageType = t
			}
			if r := articleTypes[t]; r > bestRank {
				best, bestRank = o, r
			}
		}
	}
	ld := ldArticle{pageType: pageType}
	if best == nil {
		return ld
	}
	ld.found = bestRank >= 2
	if bestRank == 1 && pageType == "" {
		pageType = "webpage"
	}
	ld.pageType = pageType
	ld.headline = text.Clean(ldString(best["headline"]))
	if ld.headline == "" && bestRank >= 2 {
		ld.headline = text.Clean(ldString(best["name"]))
	}
	ld.description = text.Clean(ldString(best["description"]))
	ld.published = ldString(best["datePublished"])
	if ld.published == "" {
		ld.published = ldString(best["dateCreated"])
	}
	ld.modified = ldString(best["dateModified"])
	ld.language = ldString(best["inLanguage"])
	ld.authors = ldNames(best["author"], all)
	ld.authorsOrg = ldAllOrgs(best["author"])
	if len(ld.authors) == 0 {
		ld.authors = ldNames(best["creator"], all)
	}
	if p := ldNames(best["publisher"], all); len(p) > 0 {
		ld.publisher = p[0]
	}
	switch k := best["keywords"].(type) {
	case string:
		for _, t := range strings.Split(k, ",") {
			if t = text.Clean(t); t != "" {
				ld.keywords = append(ld.keywords, t)
			}
		}
	case []any:
		for _, x := range k {
			if t := text.Clean(ldString(x)); t != "" {
				ld.keywords = append(ld.keywords, t)
			}
		}
	}
	return ld
}

// collectLD gathers every object of a JSON-LD value, looking into @graph, lists and the
// mainEntity of pages.
func collectLD(v any, out *[]map[string]any, depth int) {
	if depth > 6 || len(*out) > 500 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			collectLD(e, out, depth+1)
		}
	case map[string]any:
		*out = append(*out, x)
		if g, ok := x["@graph"]; ok {
			collectLD(g, out, depth+1)
		}
		if m, ok := x["mainEntity"]; ok {
			collectLD(m, out, depth+1)
		}
		if m, ok := x["mainEntityOfPage"].(map[string]any); ok {
			if _, typed := m["@type"]; typed {
				collectLD(m, out, depth+1)
			}
		}
	}
}

func ldTypes(o map[string]any) []string {
	var out []string
	switch t := o["@type"].(type) {
	case string:
		out = append(out, strings.ToLower(t))
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, strings.ToLower(s))
			}
		}
	}
	return out
}

// ldString is a string value, the first of a list, or the @value/name of an object.
func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(html.UnescapeString(x))
	case []any:
		if len(x) > 0 {
			return ldString(x[0])
		}
	case map[string]any:
		if s, ok := x["@value"].(string); ok {
			return s
		}
		if s, ok := x["name"].(string); ok {
			return s
		}
	case float64:
		return ""
	}
	return ""
}

// ldNames are the names of a person/organisation value: a string, an object with a name,
// a reference {"@id"} to an object elsewhere in the graph, or a list of those.
func ldNames(v any, all []map[string]any) []string {
	var out []string
	var add func(v any, depth int)
	add = func(v any, depth int) {
		if depth > 3 {
			return
		}
		switch x := v.(type) {
		case string:
			if n := text.Clean(html.UnescapeString(x)); n != "" && !strings.Contains(n, "://") {
				out = append(out, n)
			}
		case []any:
			for _, e := range x {
				add(e, depth+1)
			}
		case map[string]any:
			if n, ok := x["name"]; ok {
				add(n, depth+1)
				return
			}
			if id, ok := x["@id"].(string); ok {
				for _, o := range all {
					if oid, _ := o["@id"].(string); oid == id {
						if n, ok := o["name"]; ok {
							add(n, depth+1)
						}
						return
					}
				}
			}
		}
	}
	add(v, 0)
	return out
}

// ldAllOrgs reports an author value whose every entry is typed Organization.
func ldAllOrgs(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for _, t := range ldTypes(x) {
			if t == "organization" || t == "newsmediaorganization" || t == "corporation" {
				return true
			}
		}
	case []any:
		if len(x) == 0 {
			return false
		}
		for _, e := range x {
			if !ldAllOrgs(e) {
				return false
			}
		}
		return true
	}
	return false
}
