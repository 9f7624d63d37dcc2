package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/piid/piid/index"
	"github.com/piid/piid/scanner"
)

// Limits of the /v1/ routes.
const (
	defaultPageLimit = 100   // GET /v1/findings without limit
	maxPageLimit     = 10000 // largest limit of GET /v1/findings
	maxIdentifiers   = 1000  // identifiers of one subject search
)

// GET /healthz: the process serves HTTP.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// GET /readyz: the backend serves (index open, first reconcile done).
// An index that takes no writes (a full volume) stays ready, since
// searches and reports are still answered, and the body says so.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if err := s.backend.Ready(); err != nil {
		writeError(w, http.StatusServiceUnavailable, codeNotReady, "not ready: "+err.Error())
		return
	}
	body := map[string]string{"status": "ready"}
	if ws, ok := s.backend.(WriteStater); ok {
		if blocked, detail := ws.IndexWrites(); blocked {
			body["index_writes"], body["detail"] = "blocked", detail
		}
	}
	writeJSON(w, http.StatusOK, body)
}

type scanRequest struct {
	Paths []string `json:"paths"`
}

type scanStarted struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

// POST /v1/scans: index paths now.
func (s *Server) startScan(w http.ResponseWriter, r *http.Request) {
	var req scanRequest
	if !decodeBody(w, r, &req) {
		return
	}
	if len(req.Paths) == 0 {
		writeError(w, http.StatusBadRequest, codeBadRequest, `"paths" must list at least one path`)
		return
	}
	for i, p := range req.Paths {
		if p == "" {
			writeError(w, http.StatusBadRequest, codeBadRequest, fmt.Sprintf("paths[%d] is empty", i))
			return
		}
	}
	st, err := s.backend.StartScan(r.Context(), req.Paths)
	if err != nil {
		s.backendError(w, r, err)
		return
	}
	w.Header().Set("Location", "/v1/scans/"+url.PathEscape(st.ID))
	writeJSON(w, http.StatusAccepted, scanStarted{ID: st.ID, Status: st.Status})
}

// GET /v1/scans/{id}: a scan's progress.
func (s *Server) getScan(w http.ResponseWriter, r *http.Request) {
	st, ok := s.backend.Scan(r.PathValue("id"))
	if !ok {
		writeError(w, http.StatusNotFound, codeNotFound, "no scan with this id")
		return
	}
	writeJSON(w, http.StatusOK, st)
}

type findingsPage struct {
	Findings []scanner.Finding `json:"findings"`
	// NextCursor is empty on the last page.
	NextCursor string `json:"next_cursor"`
}

// GET /v1/findings?path=&type=&limit=&cursor=: a page of the index.
func (s *Server) findings(w http.ResponseWriter, r *http.Request) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(w, http.StatusBadRequest, codeBadRequest, "malformed query string")
		return
	}
	fq := index.FindingQuery{
		Path:   q.Get("path"),
		Type:   q.Get("type"),
		Limit:  defaultPageLimit,
		Cursor: q.Get("cursor"),
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > maxPageLimit {
			writeError(w, http.StatusBadRequest, codeBadRequest,
				fmt.Sprintf("limit must be an integer from 1 to %d", maxPageLimit))
			return
		}
		fq.Limit = n
	}
	page, next, err := s.backend.Findings(fq)
	if err != nil {
		s.backendError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, findingsPage{Findings: scrub(page), NextCursor: next})
}

type searchRequest struct {
	Identifiers []Identifier `json:"identifiers"`
}

// POST /v1/subjects/search: where a subject's identifiers occur, and the
// records holding them with all their personal data.
func (s *Server) searchSubjects(w http.ResponseWriter, r *http.Request) {
	var req searchRequest
	if !decodeBody(w, r, &req) {
		return
	}
	switch n := len(req.Identifiers); {
	case n == 0:
		writeError(w, http.StatusBadRequest, codeBadRequest, `"identifiers" must list at least one identifier`)
		return
	case n > maxIdentifiers:
		writeError(w, http.StatusBadRequest, codeBadRequest,
			fmt.Sprintf(`"identifiers" lists %d identifiers; at most %d are allowed`, n, maxIdentifiers))
		return
	}
	for i, id := range req.Identifiers {
		switch {
		case id.Type == "":
			writeError(w, http.StatusBadRequest, codeBadRequest, fmt.Sprintf("identifiers[%d]: type is required", i))
			return
		case id.Value == "":
			writeError(w, http.StatusBadRequest, codeBadRequest, fmt.Sprintf("identifiers[%d]: value is required", i))
			return
		}
	}
	res, err := s.backend.Search(r.Context(), req.Identifiers)
	if err != nil {
		s.backendError(w, r, err)
		return
	}
	res.Findings = scrub(res.Findings)
	if res.Records == nil {
		res.Records = []index.RecordResult{}
	}
	for i := range res.Records {
		res.Records[i].Findings = scrub(res.Records[i].Findings)
	}
	writeJSON(w, http.StatusOK, res)
}

// scrub clears the raw values of fs, whatever the backend did: the API
// never serves one. A nil fs becomes empty, so that JSON has [] not null.
func scrub(fs []scanner.Finding) []scanner.Finding {
	if fs == nil {
		return []scanner.Finding{}
	}
	for i := range fs {
		fs[i].Value = ""
	}
	return fs
}

// backendError answers a Backend error with its status.
func (s *Server) backendError(w http.ResponseWriter, r *http.Request, err error) {
	var invalid *InvalidIdentifierError
	switch {
	case errors.As(err, &invalid):
		writeError(w, http.StatusBadRequest, inputCode(err), invalid.Error())
	case errors.Is(err, index.ErrInvalidCursor):
		writeError(w, http.StatusBadRequest, codeBadRequest,
			"invalid cursor: pass the next_cursor of the previous page, with the same path")
	case errors.Is(err, ErrOutsideRoots):
		writeError(w, http.StatusForbidden, codeForbidden, err.Error())
	case errors.Is(err, ErrNotFound):
		writeError(w, http.StatusNotFound, codeNotFound, err.Error())
	case errors.Is(err, index.ErrCorrupt):
		// The index logged the damage, once: not again per request.
		writeError(w, http.StatusServiceUnavailable, codeIndexCorrupt, msgIndexCorrupt)
	case errors.Is(err, index.ErrClosed):
		writeError(w, http.StatusServiceUnavailable, codeUnavailable, "the index is closed (shutting down)")
	case r.Context().Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
		// The client went away; it will not read this.
		writeError(w, http.StatusServiceUnavailable, codeUnavailable, "request cancelled")
	default:
		internalError(w, err)
	}
}
