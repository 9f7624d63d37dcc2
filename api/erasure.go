package api

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/dsar/erasure"
)

type erasureCreate struct {
	Identifiers []dsar.Identifier `json:"identifiers"`
	Strategy    erasure.Strategy  `json:"strategy"`
	DryRun      bool              `json:"dry_run"`
	DSARID      string            `json:"dsar_id"`
	Actor       string            `json:"actor"`
}

type erasureDecision struct {
	Reviewer string `json:"reviewer"`
	Reason   string `json:"reason"`
}

type erasureList struct {
	Erasures []*erasure.Erasure `json:"erasures"`
}

func (s *Server) erasures(w http.ResponseWriter) *erasure.Service {
	if s.erasure == nil {
		writeError(w, http.StatusServiceUnavailable, codeUnavailable, "erasures are not enabled in this daemon")
	}
	return s.erasure
}

// POST /v1/erasures: plan an erasure (pending review), or only compute
// the plan (dry_run).
func (s *Server) createErasure(w http.ResponseWriter, r *http.Request) {
	svc := s.erasures(w)
	if svc == nil {
		return
	}
	var req erasureCreate
	who, ok := decodeWithActor(w, r, &req, &req.Actor)
	if !ok {
		return
	}
	if req.Strategy == "" {
		writeError(w, http.StatusBadRequest, codeBadRequest, `"strategy" is required: redact, mask, pseudonymize or delete_record`)
		return
	}
	// A plan is what the index locates: before the first walk (or after a
	// rebuild began) it would find nothing and end nothing_found for good.
	if err := s.backend.Ready(); err != nil {
		writeError(w, http.StatusServiceUnavailable, codeNotReady, "cannot plan an erasure yet: "+err.Error()+"; retry once /readyz answers 200")
		return
	}
	e, err := svc.Plan(r.Context(), erasure.PlanInput{Identifiers: req.Identifiers, Strategy: req.Strategy, DryRun: req.DryRun, DSARID: req.DSARID, Actor: who})
	if err != nil {
		s.erasureError(w, r, err)
		return
	}
	// 201 both ways, as the contract says; a dry run's status is
	// dry_run, it has no id and nothing is stored.
	if !req.DryRun {
		w.Header().Set("Location", "/v1/erasures/"+url.PathEscape(e.ID))
	}
	writeJSON(w, http.StatusCreated, e)
}

// GET /v1/erasures?status=: the erasures (a review queue with
// status=pending_review), newest first.
func (s *Server) listErasures(w http.ResponseWriter, r *http.Request) {
	svc := s.erasures(w)
	if svc == nil {
		return
	}
	writeJSON(w, http.StatusOK, erasureList{Erasures: svc.List(erasure.Status(r.URL.Query().Get("status")))})
}

// GET /v1/erasures/{id}
func (s *Server) getErasure(w http.ResponseWriter, r *http.Request) {
	svc := s.erasures(w)
	if svc == nil {
		return
	}
	e, err := svc.Get(r.PathValue("id"))
	if err != nil {
		s.erasureError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, e)
}

// decideErasure serves approve, reject and cancel.
func (s *Server) decideErasure(decide func(*erasure.Service, string, string, string) (*erasure.Erasure, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		svc := s.erasures(w)
		if svc == nil {
			return
		}
		var req erasureDecision
		if !decodeBody(w, r, &req) {
			return
		}
		if req.Reviewer == "" {
			req.Reviewer = r.Header.Get("X-Piid-Actor")
		}
		who, err := actor(r, req.Reviewer)
		if err != nil || req.Reviewer == "" {
			writeError(w, http.StatusBadRequest, codeBadRequest, `"reviewer" is required (who decides), at most 200 characters`)
			return
		}
		e, err := decide(svc, r.PathValue("id"), who, req.Reason)
		if err != nil {
			s.erasureError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, e)
	}
}

func (s *Server) erasureError(w http.ResponseWriter, r *http.Request, err error) {
	var (
		se *erasure.StateError
		re *erasure.ReviewerError
	)
	switch {
	case errors.As(err, &se):
		writeError(w, http.StatusConflict, codeConflict, se.Error())
	case errors.As(err, &re):
		writeError(w, http.StatusForbidden, codeForbidden, re.Error())
	case errors.Is(err, erasure.ErrNotFound):
		writeError(w, http.StatusNotFound, codeNotFound, "no erasure with this id")
	default:
		s.dsarError(w, r, err)
	}
}
