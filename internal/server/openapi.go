package server

import (
	_ "embed"
	"net/http"
	"strconv"
)

// openAPI describes the JSON API (OpenAPI 3.1). A test checks that it names every
// registered /api route and nothing else.
//
//go:embed openapi.json
var openAPI []byte

// apiOpenAPI answers GET /api/openapi.json.
func (s *Server) apiOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(openAPI)))
	_, _ = w.Write(openAPI)
}
