package server

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

// A story merged into another keeps its links: the page and the API of the old id
// redirect to the surviving story, and an id never stored is still 404.
func TestMergedStoryRedirects(t *testing.T) {
	st := openStore(t)
	if err := st.(news.StoryMerger).MergeStory(context.Background(), zebraStory, pompeoStory); err != nil {
		t.Fatal(err)
	}
	ts, _ := newTestServer(t, st, Options{Compare: sameSentences})
	noFollow := *ts.Client()
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for path, want := range map[string]string{
		"/stories/" + zebraStory + "?a=" + hostile.ID: "/stories/" + pompeoStory + "?a=" + hostile.ID,
		"/api/stories/" + zebraStory:                  "/api/stories/" + pompeoStory,
	} {
		res, err := noFollow.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != want {
			t.Errorf("GET %s: %d Location %q, want 301 to %s", path, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
	// Followed, the API answers with the surviving story, which now holds all three.
	res, body := get(t, ts, "/api/stories/"+zebraStory)
	expect(t, res, body, http.StatusOK, "application/json")
	var got storyJSON
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Story == nil || got.Story.ID != pompeoStory || len(got.Articles) != 3 {
		t.Errorf("GET /api/stories/%s after the merge = %.300s", zebraStory, body)
	}
	res, body = get(t, ts, "/stories/"+zebraStory)
	expect(t, res, body, http.StatusOK, "text/html")
	res, body = get(t, ts, "/api/stories/story-never")
	expect(t, res, body, http.StatusNotFound, "application/json")
}
