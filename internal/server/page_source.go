package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/parallax-news/parallax/internal/news"
)

// errNoSources answers source pages when the store keeps no source table.
var errNoSources = &statusError{http.StatusNotImplemented, "This store keeps no source table."}

// sourcesView is the data of the sources page.
type sourcesView struct {
	chrome
	Sources []news.SourceInfo
	Leans   map[string]int // sources per side
}

// sourcesPage lists every source with its lean and volume.
func (s *Server) sourcesPage(w http.ResponseWriter, r *http.Request) error {
	if s.sources == nil {
		return errNoSources
	}
	list, err := s.sources.Sources(r.Context())
	if err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	v := sourcesView{chrome: chrome{Title: "Sources"}, Sources: list, Leans: map[string]int{}}
	for _, si := range list {
		v.Leans[leanName(news.Side(si.Lean))]++
	}
	return s.render(w, http.StatusOK, "sources", v)
}

// sourceView is the data of a source's page.
type sourceView struct {
	chrome
	Source   *news.SourceInfo
	Stories  []storyItem
	Total    int
	Pager    pager
	Volume   volumeChart
	CanWrite bool
	Leans    []string // the choices of the edit form
	Saved    bool
	Error    string
}

// volumeChart is a source's articles per month as SVG bars.
type volumeChart struct {
	Width, Height int
	Bars          []volumeBar
	Max           int
}

type volumeBar struct {
	news.Volume
	X, Y, W, H int
}

const (
	volumeHeight = 80
	volumeBarW   = 14
)

func newVolumeChart(vs []news.Volume) volumeChart {
	c := volumeChart{Height: volumeHeight}
	for _, v := range vs {
		c.Max = max(c.Max, v.Articles)
	}
	for i, v := range vs {
		h := 1
		if c.Max > 0 {
			h = max(1, v.Articles*(volumeHeight-4)/c.Max)
		}
		c.Bars = append(c.Bars, volumeBar{Volume: v, X: i * (volumeBarW + 2), Y: volumeHeight - h, W: volumeBarW, H: h})
	}
	c.Width = max(len(vs)*(volumeBarW+2), 1)
	return c
}

// leanChoices are the leans the edit form offers.
var leanChoices = []string{news.LeanLeft, news.LeanCenter, news.LeanRight}

// sourcePage shows a source: its lean (editable), volume per month and stories.
func (s *Server) sourcePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderSource(w, r, http.StatusOK, r.URL.Query().Get("saved") == "1", "")
}

func (s *Server) renderSource(w http.ResponseWriter, r *http.Request, status int, saved bool, formErr string) error {
	if s.sources == nil {
		return errNoSources
	}
	d, err := s.loadSource(r, storiesPerPage)
	if err != nil {
		return err
	}
	v := sourceView{
		chrome: chrome{Title: d.info.Label}, Source: d.info, Total: d.total, Volume: newVolumeChart(d.volume),
		Pager: newPager(r, d.page, storiesPerPage, d.total), CanWrite: s.canWrite(r), Leans: leanChoices,
		Saved: saved, Error: formErr,
	}
	if v.Stories, err = s.storyItems(r.Context(), d.stories); err != nil {
		return err
	}
	return s.render(w, status, "source", v)
}

// sourceDetail is what a source's page and its API answer show: the source, one page of
// its stories and its volume per month.
type sourceDetail struct {
	info    *news.SourceInfo
	page    int
	stories []news.Story
	total   int
	volume  []news.Volume
}

// loadSource reads the source named by the request's {label} with page ?page=N of its
// stories, perPage a page.
func (s *Server) loadSource(r *http.Request, perPage int) (*sourceDetail, error) {
	label := r.PathValue("label")
	page, err := parsePage(r)
	if err != nil {
		return nil, err
	}
	d := &sourceDetail{page: page}
	if d.info, err = s.sources.Source(r.Context(), label); err != nil {
		return nil, fmt.Errorf("source %q: %w", label, err)
	}
	if d.stories, d.total, err = s.sources.SourceStories(r.Context(), label, news.Page{Limit: perPage, Offset: (page - 1) * perPage}); err != nil {
		return nil, fmt.Errorf("source %q: %w", label, err)
	}
	if d.volume, err = s.sources.SourceVolume(r.Context(), label); err != nil {
		return nil, fmt.Errorf("source %q: %w", label, err)
	}
	return d, nil
}

// editSourcePage saves the edit form of a source page and shows the page again.
func (s *Server) editSourcePage(w http.ResponseWriter, r *http.Request) error {
	if s.sources == nil {
		return errNoSources
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return badForm(err)
	}
	lean, notes := r.PostForm.Get("lean"), r.PostForm.Get("notes")
	label := r.PathValue("label")
	_, err := s.sources.EditSource(r.Context(), label, news.SourceEdit{Lean: &lean, Notes: &notes})
	if errors.Is(err, news.ErrInvalid) {
		return s.renderSource(w, r, http.StatusBadRequest, false, invalidMessage(err))
	}
	if err != nil {
		return fmt.Errorf("edit source %q: %w", label, err)
	}
	http.Redirect(w, r, sourceURL(label)+"?saved=1", http.StatusSeeOther)
	return nil
}

// atoi64 reads a path id.
func atoi64(field, v string) (int64, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, &news.InvalidError{Field: field, Reason: fmt.Sprintf("%q is not an id; use a whole number", v)}
	}
	return n, nil
}
