package eval

import (
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

func TestScoreArticleMeta(t *testing.T) {
	var g Gold
	g.GroundTruth.Title, g.GroundTruth.Author, g.GroundTruth.PublishDate = "A Title", "Jane Doe", "2024-03-05"
	g.GroundTruth.MainContent = "one two three"
	a := &news.Article{Title: "Other", Authors: []string{"Jane Doe"}, Paragraphs: []string{"one two three"}, Published: time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)}
	s := scoreArticle("x", a, nil, &g)
	if s.Title || !s.Author || !s.Date || s.F1 != 1 {
		t.Errorf("score %+v", s)
	}
	if s.Got.Title != "Other" || s.Want.Title != "A Title" || s.Got.Authors != "Jane Doe" || s.Got.Date != "2024-03-05" {
		t.Errorf("got/want %+v / %+v", s.Got, s.Want)
	}
}
