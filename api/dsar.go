package api

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/dsar/audit"
	"github.com/piid/piid/patterns"
)

// Limits of the DSAR and audit routes.
const (
	defaultAuditLimit = 1000
	maxAuditLimit     = 10000
	maxActorLen       = 200
	reportTimeout     = 30 * time.Minute
)

type dsarCreate struct {
	Subject struct {
		Name        string            `json:"name"`
		Identifiers []dsar.Identifier `json:"identifiers"`
	} `json:"subject"`
	ReceivedAt *time.Time `json:"received_at"`
	Actor      string     `json:"actor"`
}

type dsarTransition struct {
	To     dsar.State `json:"to"`
	Reason string     `json:"reason"`
	Actor  string     `json:"actor"`
}

type dsarExtend struct {
	Months int    `json:"months"`
	Reason string `json:"reason"`
	Actor  string `json:"actor"`
}

type dsarList struct {
	Requests []dsar.View `json:"requests"`
}

// actor is who acts, for the audit trail: the body's "actor", else the
// X-Piid-Actor header, else "api".
func actor(r *http.Request, fromBody string) (string, error) {
	a := strings.TrimSpace(fromBody)
	if a == "" {
		a = strings.TrimSpace(r.Header.Get("X-Piid-Actor"))
	}
	if a == "" {
		return "api", nil
	}
	if len(a) > maxActorLen || strings.ContainsAny(a, "\r\n") {
		return "", errors.New("actor: at most 200 characters on one line")
	}
	// The identifiers' rule: invisible characters go (so that "legal"
	// and "legal" with a zero-width space are one reviewer to four eyes),
	// control characters are refused.
	a, err := patterns.CleanIdentifier(a)
	if err != nil {
		return "", fmt.Errorf("actor: %v", err)
	}
	return a, nil
}

// decodeWithActor decodes the body into v, then reads who acts from
// *actorField (a field of v) or the header; on failure it answers 400.
func decodeWithActor(w http.ResponseWriter, r *http.Request, v any, actorField *string) (string, bool) {
	if !decodeBody(w, r, v) {
		return "", false
	}
	who, err := actor(r, *actorField)
	if err != nil {
		writeError(w, http.StatusBadRequest, codeBadRequest, err.Error())
		return "", false
	}
	return who, true
}

// requests answers 503 when the daemon runs without the DSAR module.
func (s *Server) requests(w http.ResponseWriter) *dsar.Service {
	if s.dsar == nil {
		writeError(w, http.StatusServiceUnavailable, codeUnavailable, "subject access requests are not enabled in this daemon")
	}
	return s.dsar
}

// POST /v1/dsar: a new subject access request.
func (s *Server) createDSAR(w http.ResponseWriter, r *http.Request) {
	svc := s.requests(w)
	if svc == nil {
		return
	}
	var req dsarCreate
	who, ok := decodeWithActor(w, r, &req, &req.Actor)
	if !ok {
		return
	}
	in := dsar.CreateInput{Name: req.Subject.Name, Identifiers: req.Subject.Identifiers}
	if req.ReceivedAt != nil {
		in.ReceivedAt = *req.ReceivedAt
	}
	v, err := svc.Create(in, who)
	if err != nil {
		s.dsarError(w, r, err)
		return
	}
	w.Header().Set("Location", "/v1/dsar/"+url.PathEscape(v.ID))
	writeJSON(w, http.StatusCreated, v)
}

// GET /v1/dsar?all=: open requests (all with all=true), overdue first.
func (s *Server) listDSAR(w http.ResponseWriter, r *http.Request) {
	svc := s.requests(w)
	if svc == nil {
		return
	}
	all, err := boolParam(r, "all")
	if err != nil {
		writeError(w, http.StatusBadRequest, codeBadRequest, err.Error())
		return
	}
	l := svc.List(all)
	if l == nil {
		l = []dsar.View{}
	}
	writeJSON(w, http.StatusOK, dsarList{Requests: l})
}

// GET /v1/dsar/{id}: a request and its history.
func (s *Server) getDSAR(w http.ResponseWriter, r *http.Request) {
	svc := s.requests(w)
	if svc == nil {
		return
	}
	v, err := svc.Get(r.PathValue("id"))
	if err != nil {
		s.dsarError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// POST /v1/dsar/{id}/transition: move a request along its lifecycle.
func (s *Server) transitionDSAR(w http.ResponseWriter, r *http.Request) {
	svc := s.requests(w)
	if svc == nil {
		return
	}
	var req dsarTransition
	who, ok := decodeWithActor(w, r, &req, &req.Actor)
	if !ok {
		return
	}
	if req.To == "" {
		writeError(w, http.StatusBadRequest, codeBadRequest, `"to" is required (identity_verification, in_progress, completed, refused)`)
		return
	}
	v, err := svc.Transition(r.PathValue("id"), req.To, who, req.Reason)
	if err != nil {
		s.dsarError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// POST /v1/dsar/{id}/extend: the one extension of the deadline.
func (s *Server) extendDSAR(w http.ResponseWriter, r *http.Request) {
	svc := s.requests(w)
	if svc == nil {
		return
	}
	var req dsarExtend
	who, ok := decodeWithActor(w, r, &req, &req.Actor)
	if !ok {
		return
	}
	v, err := svc.Extend(r.PathValue("id"), req.Months, who, req.Reason)
	if err != nil {
		s.dsarError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// GET /v1/dsar/{id}/report?format=json|csv|html&expand=: the Art. 15
// report. It holds the subject's data in clear: it is for the subject.
func (s *Server) reportDSAR(w http.ResponseWriter, r *http.Request) {
	svc := s.requests(w)
	if svc == nil {
		return
	}
	q := r.URL.Query()
	format := q.Get("format")
	if format == "" {
		format = "json"
	}
	if !slices.Contains(dsar.Formats, format) {
		writeError(w, http.StatusBadRequest, codeBadRequest, fmt.Sprintf("format %q: json, csv or html", format))
		return
	}
	expand, err := boolParam(r, "expand")
	if err != nil {
		writeError(w, http.StatusBadRequest, codeBadRequest, err.Error())
		return
	}
	who, err := actor(r, "")
	if err != nil {
		writeError(w, http.StatusBadRequest, codeBadRequest, err.Error())
		return
	}
	// A report rereads every file it names: it may take longer than the
	// server's write timeout, which is meant for idle clients.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(reportTimeout))
	rep, err := svc.Report(r.Context(), r.PathValue("id"), dsar.ReportOptions{Expand: expand}, format, who)
	if err != nil {
		s.dsarError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := rep.Render(&buf, format); err != nil {
		internalError(w, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", dsar.ContentType(format))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	if format != "json" {
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-report.%s"`, rep.RequestID, format))
	}
	if format == "html" {
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	}
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}

type auditPage struct {
	Events []audit.Event `json:"events"`
	// Next is the since of the next page; 0 on the last.
	Next uint64 `json:"next"`
}

// GET /v1/audit?since=&limit=: events after sequence number since, or
// from an RFC 3339 time on.
func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) {
	if s.audit == nil {
		writeError(w, http.StatusServiceUnavailable, codeUnavailable, "the audit trail is not enabled in this daemon")
		return
	}
	q := r.URL.Query()
	var (
		after uint64
		since time.Time
	)
	if v := q.Get("since"); v != "" {
		if n, err := strconv.ParseUint(v, 10, 64); err == nil {
			after = n
		} else if t, err := time.Parse(time.RFC3339, v); err == nil {
			since = t
		} else {
			writeError(w, http.StatusBadRequest, codeBadRequest, "since: a sequence number or an RFC 3339 time")
			return
		}
	}
	limit := defaultAuditLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxAuditLimit {
			writeError(w, http.StatusBadRequest, codeBadRequest, fmt.Sprintf("limit must be an integer from 1 to %d", maxAuditLimit))
			return
		}
		limit = n
	}
	evs, next, err := s.audit.Since(after, since, limit)
	if err != nil {
		internalError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, auditPage{Events: evs, Next: next})
}

// GET /v1/audit/verify: recompute the chain.
func (s *Server) verifyAudit(w http.ResponseWriter, r *http.Request) {
	if s.audit == nil {
		writeError(w, http.StatusServiceUnavailable, codeUnavailable, "the audit trail is not enabled in this daemon")
		return
	}
	res, err := s.audit.Verify()
	if err != nil {
		internalError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// dsarError answers a DSAR service error with its status.
func (s *Server) dsarError(w http.ResponseWriter, r *http.Request, err error) {
	var (
		input *dsar.InputError
		trans *dsar.TransitionError
	)
	switch {
	case errors.As(err, &input):
		writeError(w, http.StatusBadRequest, inputCode(err), input.Error())
	case errors.As(err, &trans):
		writeError(w, http.StatusConflict, codeConflict, trans.Error())
	case errors.Is(err, dsar.ErrNotFound):
		writeError(w, http.StatusNotFound, codeNotFound, "no request with this id")
	case errors.Is(err, audit.ErrBroken):
		writeError(w, http.StatusServiceUnavailable, codeUnavailable,
			"the audit trail does not verify (GET /v1/audit/verify says where): no change is recorded until it is repaired")
	default:
		s.backendError(w, r, err)
	}
}

// boolParam reads an optional boolean query parameter.
func boolParam(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s: true or false", name)
	}
	return b, nil
}
