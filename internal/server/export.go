package server

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
)

// maxExport bounds the hits of a search export.
const maxExport = 1000

// exportFormat reads ?format (json when absent).
func exportFormat(r *http.Request) (string, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "", "json":
		return "json", nil
	case "jsonl", "csv":
		return f, nil
	default:
		return "", &news.InvalidError{Field: "format", Reason: fmt.Sprintf("%q is not an export format; use json, jsonl or csv", f)}
	}
}

// csvCell keeps a spreadsheet from reading a cell as a formula (CSV injection).
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeExport sends body as a download named name.
func writeExport(w http.ResponseWriter, format, name string, body []byte) {
	ctype := map[string]string{"json": "application/json", "jsonl": "application/x-ndjson", "csv": "text/csv"}[format]
	w.Header().Set("Content-Type", ctype+"; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// safeName keeps the characters of s fit for a file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return r
		}
		return '_'
	}, s)
}

// apiStoryExport answers GET /api/stories/{id}/export?format=json|jsonl|csv: the story
// with its articles in full (and, as JSON, its comparison); JSONL has one Article per
// line, CSV one row per article.
func (s *Server) apiStoryExport(w http.ResponseWriter, r *http.Request) error {
	format, err := exportFormat(r)
	if err != nil {
		return err
	}
	st, articles, cmp, err := s.loadStory(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch format {
	case "json":
		if cmp == nil {
			cmp = &news.Comparison{}
		}
		if articles == nil {
			articles = []*news.Article{}
		}
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		err = enc.Encode(struct {
			Story      *news.Story      `json:"story"`
			Articles   []*news.Article  `json:"articles"`
			Comparison *news.Comparison `json:"comparison"`
		}{st, articles, cmp})
	case "jsonl":
		enc := json.NewEncoder(&buf)
		for _, a := range articles {
			if err = enc.Encode(a); err != nil {
				break
			}
		}
	case "csv":
		cw := csv.NewWriter(&buf)
		_ = cw.Write([]string{"id", "story", "source", "domain", "lean", "title", "published", "url", "authors", "text"})
		for _, a := range articles {
			pub := ""
			if !a.Published.IsZero() {
				pub = a.Published.Format("2006-01-02T15:04:05Z07:00")
			}
			row := []string{a.ID, st.ID, a.Source.Name, a.Source.Domain, a.Source.Lean, a.Title, pub, a.URL, strings.Join(a.Authors, "; "), a.Text()}
			for i := range row {
				row[i] = csvCell(row[i])
			}
			_ = cw.Write(row)
		}
		cw.Flush()
		err = cw.Error()
	}
	if err != nil {
		return fmt.Errorf("export story %q: %w", st.ID, err)
	}
	writeExport(w, format, "story-"+safeName(st.ID), buf.Bytes())
	return nil
}

// apiSearchExport answers GET /api/search/export with the parameters of /api/search and
// format=json|jsonl|csv: up to 1000 hits.
func (s *Server) apiSearchExport(w http.ResponseWriter, r *http.Request) error {
	format, err := exportFormat(r)
	if err != nil {
		return err
	}
	q, err := apiQuery(r)
	if err != nil {
		return err
	}
	var hits []news.Hit
	total := 0
	for len(hits) < maxExport {
		page, n, err := s.find(r, q, news.Page{Limit: min(500, maxExport-len(hits)), Offset: len(hits)})
		if err != nil {
			return err
		}
		total = n
		hits = append(hits, page...)
		if len(page) == 0 || len(hits) >= n {
			break
		}
	}
	var buf bytes.Buffer
	switch format {
	case "json":
		out := struct {
			Total    int       `json:"total"`
			Exported int       `json:"exported"`
			Hits     []hitJSON `json:"hits"`
		}{total, len(hits), []hitJSON{}}
		for _, h := range hits {
			out.Hits = append(out.Hits, newHitJSON(h))
		}
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		err = enc.Encode(out)
	case "jsonl":
		enc := json.NewEncoder(&buf)
		for _, h := range hits {
			if err = enc.Encode(newHitJSON(h)); err != nil {
				break
			}
		}
	case "csv":
		cw := csv.NewWriter(&buf)
		_ = cw.Write([]string{"article", "story", "source", "domain", "lean", "title", "published", "snippet"})
		for _, h := range hits {
			pub := ""
			if !h.Published.IsZero() {
				pub = h.Published.Format("2006-01-02T15:04:05Z07:00")
			}
			row := []string{h.ArticleID, h.StoryID, h.Source.Name, h.Source.Domain, h.Source.Lean, h.Title, pub, h.Snippet}
			for i := range row {
				row[i] = csvCell(row[i])
			}
			_ = cw.Write(row)
		}
		cw.Flush()
		err = cw.Error()
	}
	if err != nil {
		return fmt.Errorf("export search: %w", err)
	}
	writeExport(w, format, "search", buf.Bytes())
	return nil
}
