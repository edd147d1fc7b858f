package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// webhookTimeout bounds one webhook delivery.
const webhookTimeout = 10 * time.Second

// webhookPayload is the JSON body of a webhook: one followed topic and its new stories.
type webhookPayload struct {
	Follow  followJSON     `json:"follow"`
	Stories []webhookStory `json:"stories"`
}

// webhookStory is a story with the new articles that matched.
type webhookStory struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	URL      string    `json:"url"`
	Articles []hitJSON `json:"articles"`
}

// Notify sends each followed topic's new stories (articles stored since its last
// delivery) to the webhook, one POST per topic, and moves the topic's cursor when the
// receiver answers 2xx. Without a webhook or a follow store it does nothing. It goes
// on with the other topics when one fails and returns the failures joined.
func (s *Server) Notify(ctx context.Context) error {
	if s.opts.Webhook == "" || s.follows == nil || s.finder == nil {
		return nil
	}
	list, err := s.follows.Follows(ctx)
	if err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	var errs []error
	for _, f := range list {
		if err := s.notify(ctx, f); err != nil {
			errs = append(errs, fmt.Errorf("notify follow %d (%s): %w", f.ID, f.Name, err))
		}
	}
	return errors.Join(errs...)
}

func (s *Server) notify(ctx context.Context, f news.Follow) error {
	// The new cursor is read before the search: an article stored meanwhile is sent
	// now and possibly again next time, never missed.
	now := time.Now()
	q := f.Query
	q.IngestedAfter = f.Notified
	q.ByDate = true
	hits, _, err := s.finder.Find(ctx, q, news.Page{Limit: topicArticles})
	if err != nil {
		return err
	}
	if len(hits) == 0 {
		return s.follows.MarkFollow(ctx, f.ID, time.Time{}, now)
	}
	p := webhookPayload{Follow: newFollowJSON(f)}
	at := map[string]int{}
	for _, h := range hits {
		if h.StoryID == "" {
			continue
		}
		i, ok := at[h.StoryID]
		if !ok {
			st, err := s.store.Story(ctx, h.StoryID)
			if err != nil {
				return err
			}
			i = len(p.Stories)
			at[h.StoryID] = i
			p.Stories = append(p.Stories, webhookStory{ID: st.ID, Title: st.Title, URL: s.opts.BaseURL + "/stories/" + st.ID})
		}
		p.Stories[i].Articles = append(p.Stories[i].Articles, newHitJSON(h))
	}
	if len(p.Stories) > 0 {
		if err := s.post(ctx, p); err != nil {
			return err
		}
	}
	return s.follows.MarkFollow(ctx, f.ID, time.Time{}, now)
}

// post delivers one payload.
func (s *Server) post(ctx context.Context, p webhookPayload) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, webhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.opts.Webhook, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook %s: %w", s.opts.Webhook, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "parallax-webhook/1")
	res, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("webhook %s answered %s", s.opts.Webhook, res.Status)
	}
	return nil
}

// Watch calls Notify every interval until ctx is cancelled, logging failures.
func (s *Server) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.Notify(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("webhook", "err", err)
			}
		}
	}
}
