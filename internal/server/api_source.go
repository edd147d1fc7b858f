package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// sourceInfoJSON is a source in the API.
type sourceInfoJSON struct {
	Label    string  `json:"label"`
	Domain   *string `json:"domain"`
	Lean     *string `json:"lean"`
	Notes    string  `json:"notes"`
	Edited   *string `json:"edited"`
	Articles int     `json:"articles"`
	First    *string `json:"first"`
	Last     *string `json:"last"`
}

func newSourceInfoJSON(si news.SourceInfo) sourceInfoJSON {
	return sourceInfoJSON{
		Label: si.Label, Domain: nullable(si.Domain), Lean: nullable(si.Lean), Notes: si.Notes,
		Edited: nullTime(si.Edited), Articles: si.Articles, First: nullTime(si.First), Last: nullTime(si.Last),
	}
}

// apiSources answers GET /api/sources: every source, by label.
func (s *Server) apiSources(w http.ResponseWriter, r *http.Request) error {
	if s.sources == nil {
		return errNoSources
	}
	list, err := s.sources.Sources(r.Context())
	if err != nil {
		return fmt.Errorf("api sources: %w", err)
	}
	out := []sourceInfoJSON{}
	for _, si := range list {
		out = append(out, newSourceInfoJSON(si))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// sourceDetailJSON is the answer of GET /api/sources/{label}.
type sourceDetailJSON struct {
	sourceInfoJSON
	Volume  []volumeJSON `json:"volume"`
	Stories []news.Story `json:"stories"`
	Total   int          `json:"stories_total"`
}

type volumeJSON struct {
	Month    string `json:"month"`
	Articles int    `json:"articles"`
}

// apiSource answers GET /api/sources/{label}?page=N: the source, its volume per month
// and one page of its stories.
func (s *Server) apiSource(w http.ResponseWriter, r *http.Request) error {
	if s.sources == nil {
		return errNoSources
	}
	d, err := s.loadSource(r, apiStoriesPerPage)
	if err != nil {
		return err
	}
	out := sourceDetailJSON{sourceInfoJSON: newSourceInfoJSON(*d.info), Stories: d.stories, Total: d.total, Volume: []volumeJSON{}}
	if out.Stories == nil {
		out.Stories = []news.Story{}
	}
	for _, v := range d.volume {
		out.Volume = append(out.Volume, volumeJSON{v.Period.Format("2006-01"), v.Articles})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// maxJSONBody bounds a JSON request body, in bytes.
const maxJSONBody = 64 << 10

// decodeBody reads a JSON object of at most maxJSONBody bytes into v, refusing
// unknown fields.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &statusError{http.StatusRequestEntityTooLarge, fmt.Sprintf("The body is too large; send at most %d bytes.", maxJSONBody)}
		}
		return &news.InvalidError{Field: "body", Reason: "not the JSON object expected: " + err.Error()}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &news.InvalidError{Field: "body", Reason: "more than one JSON value"}
	}
	return nil
}

// apiEditSource answers PUT /api/sources/{label} with body {"lean": ..., "notes": ...}
// (absent fields are left alone; an empty lean restores the data's).
func (s *Server) apiEditSource(w http.ResponseWriter, r *http.Request) error {
	if s.sources == nil {
		return errNoSources
	}
	var e struct {
		Lean  *string `json:"lean"`
		Notes *string `json:"notes"`
	}
	if err := decodeBody(w, r, &e); err != nil {
		return err
	}
	label := r.PathValue("label")
	si, err := s.sources.EditSource(r.Context(), label, news.SourceEdit{Lean: e.Lean, Notes: e.Notes})
	if err != nil {
		return fmt.Errorf("api edit source %q: %w", label, err)
	}
	writeJSON(w, http.StatusOK, newSourceInfoJSON(*si))
	return nil
}

// entityJSON is the answer of GET /api/entities/{name}.
type entityJSON struct {
	Name     string       `json:"name"`
	Articles int          `json:"articles"`
	Stories  []news.Story `json:"stories"`
}

// apiEntity answers GET /api/entities/{name}: the latest stories naming the entity.
func (s *Server) apiEntity(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if name == "" || len(name) > maxQuery {
		return &news.InvalidError{Field: "entity", Reason: "give a name of at most 500 characters"}
	}
	stories, total, err := s.topicStories(r.Context(), news.Query{Entity: name})
	if err != nil {
		return fmt.Errorf("api entity %q: %w", name, err)
	}
	if stories == nil {
		stories = []news.Story{}
	}
	writeJSON(w, http.StatusOK, entityJSON{Name: name, Articles: total, Stories: stories})
	return nil
}

// followJSON is a followed topic in the API and webhooks.
type followJSON struct {
	ID       int64     `json:"id"`
	Name     string    `json:"name"`
	Query    queryJSON `json:"query"`
	Created  string    `json:"created"`
	Seen     string    `json:"seen"`
	Notified string    `json:"notified"`
}

// queryJSON is a saved search: the parameters of /api/search.
type queryJSON struct {
	Q      string `json:"q"`
	Source string `json:"source"`
	Entity string `json:"entity"`
	From   string `json:"from"`
	To     string `json:"to"`
}

func newFollowJSON(f news.Follow) followJSON {
	sf := searchFormOf(f.Query)
	return followJSON{
		ID: f.ID, Name: f.Name, Query: queryJSON{sf.Q, sf.Source, sf.Entity, sf.From, sf.To},
		Created: f.Created.Format(time.RFC3339), Seen: f.Seen.Format(time.RFC3339), Notified: f.Notified.Format(time.RFC3339),
	}
}

// apiFollows answers GET /api/follows.
func (s *Server) apiFollows(w http.ResponseWriter, r *http.Request) error {
	if s.follows == nil {
		return errNoFollows
	}
	list, err := s.follows.Follows(r.Context())
	if err != nil {
		return fmt.Errorf("api follows: %w", err)
	}
	out := []followJSON{}
	for _, f := range list {
		out = append(out, newFollowJSON(f))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiAddFollow answers POST /api/follows with body {"name": ..., "query": {"q": ...,
// "source": ..., "entity": ..., "from": ..., "to": ...}}: 201 and the topic.
func (s *Server) apiAddFollow(w http.ResponseWriter, r *http.Request) error {
	if s.follows == nil {
		return errNoFollows
	}
	var in struct {
		Name  string    `json:"name"`
		Query queryJSON `json:"query"`
	}
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	q, err := searchForm{Q: in.Query.Q, Source: in.Query.Source, Entity: in.Query.Entity, From: in.Query.From, To: in.Query.To}.query()
	if err != nil {
		return err
	}
	f, err := s.follows.AddFollow(r.Context(), news.Follow{Name: in.Name, Query: q})
	if err != nil {
		return fmt.Errorf("api follow: %w", err)
	}
	w.Header().Set("Location", "/api/follows/"+fmt.Sprint(f.ID))
	writeJSON(w, http.StatusCreated, newFollowJSON(*f))
	return nil
}

// followDetailJSON is the answer of GET /api/follows/{id}.
type followDetailJSON struct {
	followJSON
	Articles int          `json:"articles"`
	New      int          `json:"new"`
	Stories  []news.Story `json:"stories"`
}

// apiFollow answers GET /api/follows/{id}: the topic, its latest stories and how many
// matching articles are new since it was last marked seen.
func (s *Server) apiFollow(w http.ResponseWriter, r *http.Request) error {
	f, err := s.loadFollow(r)
	if err != nil {
		return err
	}
	stories, total, err := s.topicStories(r.Context(), f.Query)
	if err != nil {
		return fmt.Errorf("api follow %d: %w", f.ID, err)
	}
	q := f.Query
	q.IngestedAfter = f.Seen
	_, n, err := s.finder.Find(r.Context(), q, news.Page{Limit: 1})
	if err != nil {
		return fmt.Errorf("api follow %d: %w", f.ID, err)
	}
	if stories == nil {
		stories = []news.Story{}
	}
	writeJSON(w, http.StatusOK, followDetailJSON{followJSON: newFollowJSON(*f), Articles: total, New: n, Stories: stories})
	return nil
}

// apiDeleteFollow answers DELETE /api/follows/{id} with 204.
func (s *Server) apiDeleteFollow(w http.ResponseWriter, r *http.Request) error {
	f, err := s.loadFollow(r)
	if err != nil {
		return err
	}
	if err := s.follows.DeleteFollow(r.Context(), f.ID); err != nil {
		return fmt.Errorf("api unfollow %d: %w", f.ID, err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
