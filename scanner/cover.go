package scanner

import "github.com/piid/piid/patterns"

// The regex passes propose overlapping candidates (an IBAN's shape and a
// VAT regex both take "be0403019261"; a phone regex takes a VAT number's
// digits). A value is reported once: a candidate whose span equals the
// span of a finding already emitted, or lies inside the span of one of a
// strong type, is that finding again; a phone inside any finding is its
// digits. Matches come in start order, so the emitted finding that ends
// last is the one to hold.

// cover is the emitted finding of the regex pass that ends last.
type cover struct {
	start, end int64
	strong     bool
}

// covers reports whether a candidate of type t over [start,end) is the
// covering finding again.
func (c *cover) covers(t *patterns.Type, start, end int64) bool {
	if start < c.start || end > c.end {
		return false
	}
	return c.strong || patterns.IsPhone(t) || start == c.start && end == c.end
}

// emitted notes a finding of type t over [start,end).
func (c *cover) emitted(t *patterns.Type, start, end int64) {
	if end > c.end || end == c.end && start < c.start {
		c.start, c.end, c.strong = start, end, t.Strong
	}
}
