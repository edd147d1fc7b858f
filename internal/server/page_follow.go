package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// errNoFollows answers follow pages when the store cannot keep followed topics.
var errNoFollows = &statusError{http.StatusNotImplemented, "This store cannot keep followed topics."}

// followItem is one followed topic in the list, with how many articles are new to it.
type followItem struct {
	news.Follow
	New int
}

// followsView is the data of the followed topics page.
type followsView struct {
	chrome
	Follows  []followItem
	CanWrite bool
	Webhook  bool
}

// followURL is the address of a followed topic's page.
func followURL(id int64) string { return "/follows/" + strconv.FormatInt(id, 10) }

// followsPage lists the followed topics with their new articles.
func (s *Server) followsPage(w http.ResponseWriter, r *http.Request) error {
	if s.follows == nil || s.finder == nil {
		return errNoFollows
	}
	list, err := s.follows.Follows(r.Context())
	if err != nil {
		return fmt.Errorf("follows: %w", err)
	}
	v := followsView{chrome: chrome{Title: "Followed"}, CanWrite: s.canWrite(r), Webhook: s.opts.Webhook != ""}
	for _, f := range list {
		q := f.Query
		q.IngestedAfter = f.Seen
		_, n, err := s.finder.Find(r.Context(), q, news.Page{Limit: 1})
		if err != nil {
			return fmt.Errorf("follow %d: %w", f.ID, err)
		}
		v.Follows = append(v.Follows, followItem{Follow: f, New: n})
	}
	return s.render(w, http.StatusOK, "follows", v)
}

// followView is the data of one followed topic's page.
type followView struct {
	chrome
	Follow   *news.Follow
	Stories  []storyItem
	Articles int
	New      int // articles new since the user last marked the topic seen
	Search   string
	CanWrite bool
}

// loadFollow reads the followed topic named by the path.
func (s *Server) loadFollow(r *http.Request) (*news.Follow, error) {
	if s.follows == nil || s.finder == nil {
		return nil, errNoFollows
	}
	id, err := atoi64("id", r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	f, err := s.follows.Follow(r.Context(), id)
	if err != nil {
		return nil, fmt.Errorf("follow %d: %w", id, err)
	}
	return f, nil
}

// followPage shows the stories matching a followed topic, those with new articles marked.
func (s *Server) followPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.loadFollow(r)
	if err != nil {
		return err
	}
	stories, total, err := s.topicStories(r.Context(), f.Query)
	if err != nil {
		return fmt.Errorf("follow %d: %w", f.ID, err)
	}
	q := f.Query
	q.IngestedAfter = f.Seen
	fresh, nNew, err := s.finder.Find(r.Context(), q, news.Page{Limit: topicArticles})
	if err != nil {
		return fmt.Errorf("follow %d: new: %w", f.ID, err)
	}
	isNew := map[string]bool{}
	for _, h := range fresh {
		isNew[h.StoryID] = true
	}
	v := followView{
		chrome: chrome{Title: "Followed: " + f.Name, Feed: followURL(f.ID) + "/feed.atom"}, Follow: f, Articles: total, New: nNew,
		Search: "/search?" + searchFormOf(f.Query).values().Encode(), CanWrite: s.canWrite(r),
	}
	if v.Stories, err = s.storyItems(r.Context(), stories); err != nil {
		return err
	}
	for i := range v.Stories {
		v.Stories[i].New = isNew[v.Stories[i].ID]
	}
	return s.render(w, http.StatusOK, "follow", v)
}

// searchFormOf is the search form that runs q.
func searchFormOf(q news.Query) searchForm {
	f := searchForm{Q: q.Text, Source: q.Source, Entity: q.Entity}
	if !q.From.IsZero() {
		f.From = q.From.Format("2006-01-02")
	}
	if !q.To.IsZero() {
		f.To = q.To.AddDate(0, 0, -1).Format("2006-01-02")
	}
	return f
}

// addFollowPage follows the search or entity of the posted form.
func (s *Server) addFollowPage(w http.ResponseWriter, r *http.Request) error {
	if s.follows == nil {
		return errNoFollows
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return badForm(err)
	}
	form := r.PostForm
	sf := searchForm{Q: form.Get("q"), Source: form.Get("source"), Entity: form.Get("entity"), From: form.Get("from"), To: form.Get("to")}
	q, err := sf.query()
	if err != nil {
		return err
	}
	f, err := s.follows.AddFollow(r.Context(), news.Follow{Name: form.Get("name"), Query: q})
	if err != nil {
		return fmt.Errorf("follow: %w", err)
	}
	http.Redirect(w, r, followURL(f.ID), http.StatusSeeOther)
	return nil
}

// seenFollowPage marks every article of a followed topic as seen.
func (s *Server) seenFollowPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.loadFollow(r)
	if err != nil {
		return err
	}
	if err := s.follows.MarkFollow(r.Context(), f.ID, time.Now(), time.Time{}); err != nil {
		return fmt.Errorf("follow %d: %w", f.ID, err)
	}
	http.Redirect(w, r, followURL(f.ID), http.StatusSeeOther)
	return nil
}

// deleteFollowPage stops following a topic.
func (s *Server) deleteFollowPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.loadFollow(r)
	if err != nil {
		return err
	}
	if err := s.follows.DeleteFollow(r.Context(), f.ID); err != nil && !errors.Is(err, news.ErrNotFound) {
		return fmt.Errorf("unfollow %d: %w", f.ID, err)
	}
	http.Redirect(w, r, "/follows", http.StatusSeeOther)
	return nil
}
