package erasure

import "strings"

// ReviewerError is an approval refused because the reviewer planned the
// erasure and the config asks for four eyes (403).
type ReviewerError struct{}

func (e *ReviewerError) Error() string {
	return "four eyes (erasure.require_distinct_reviewer): the reviewer planned this erasure; another reviewer must approve it"
}

// fourEyes refuses, when the config asks for it, an approval by the actor
// who planned the erasure (compared without case or surrounding spaces),
// and records the refusal in the trail. Called with s.mu held.
func (s *Service) fourEyes(e *Erasure, reviewer string) error {
	if !s.opts.RequireDistinctReviewer || !strings.EqualFold(strings.TrimSpace(e.CreatedBy), strings.TrimSpace(reviewer)) {
		return nil
	}
	if _, err := s.opts.Audit.Append("erasure.approval_refused", reviewer, map[string]any{
		"id": e.ID, "reviewer": reviewer, "planned_by": e.CreatedBy, "reason": "require_distinct_reviewer",
	}); err != nil {
		return err
	}
	return &ReviewerError{}
}
