package news

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestComparisonJSONHasNoNullLists(t *testing.T) {
	b, err := json.Marshal(Comparison{Shared: []Passage{{Kind: Verbatim}}, Entities: []Entity{{Name: "Iran"}}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "null") {
		t.Errorf("comparison JSON holds null: %s", b)
	}
}
