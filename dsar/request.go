package dsar

import (
	"fmt"
	"time"
)

// State is where a request stands.
type State string

// The lifecycle: received → identity_verification → in_progress →
// completed, or refused from any open state. identity_verification may be
// entered from received or in_progress and pauses the clock.
const (
	Received             State = "received"
	IdentityVerification State = "identity_verification"
	InProgress           State = "in_progress"
	Completed            State = "completed"
	Refused              State = "refused"
)

// next lists the states each state may move to.
var next = map[State][]State{
	Received:             {IdentityVerification, InProgress, Refused},
	IdentityVerification: {InProgress, Refused},
	InProgress:           {IdentityVerification, Completed, Refused},
}

// Open says whether the request still awaits an answer.
func (s State) Open() bool { return s != Completed && s != Refused }

func validState(s State) bool {
	switch s {
	case Received, IdentityVerification, InProgress, Completed, Refused:
		return true
	}
	return false
}

func canMove(from, to State) bool {
	for _, s := range next[from] {
		if s == to {
			return true
		}
	}
	return false
}

// MaxExtensionMonths is Art. 12(3)'s "further two months".
const MaxExtensionMonths = 2

// Transition is one entry of a request's history.
type Transition struct {
	From   State     `json:"from,omitempty"`
	To     State     `json:"to"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Reason string    `json:"reason,omitempty"`
}

// Extension is the one extension of a request's deadline.
type Extension struct {
	Months int       `json:"months"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
}

// Deadline is the clock of one request.
type Deadline struct {
	ReceivedAt time.Time
	// ExtensionMonths is 0, 1 or 2.
	ExtensionMonths int
	// Paused is the time already spent in identity verification.
	Paused time.Duration
	// PausedSince is set while the request is in identity verification.
	PausedSince time.Time
}

// DueAt is one calendar month after receipt (plus the extension), shifted
// by the time the clock was paused, as of now.
func (d Deadline) DueAt(now time.Time) time.Time {
	due := AddMonths(d.ReceivedAt, 1+d.ExtensionMonths).Add(d.Paused)
	if !d.PausedSince.IsZero() && now.After(d.PausedSince) {
		due = due.Add(now.Sub(d.PausedSince))
	}
	return due
}

// AddMonths adds calendar months the way deadlines are counted: the same
// day of the month, or the month's last day when it has no such day
// (31 January + 1 month = 28 or 29 February), never spilling into the
// month after as time.AddDate does.
func AddMonths(t time.Time, months int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(months), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

// DaysLeft counts whole days from now to due, rounding up (due in 2h is 1
// day left); negative when overdue (overdue by 2h is -1).
func DaysLeft(now, due time.Time) int {
	d := due.Sub(now)
	if d >= 0 {
		return int((d + 24*time.Hour - 1) / (24 * time.Hour))
	}
	return -int((-d + 24*time.Hour - 1) / (24 * time.Hour))
}

// TransitionError is a transition the lifecycle does not allow.
type TransitionError struct{ From, To State }

func (e *TransitionError) Error() string {
	if !validState(e.To) {
		return fmt.Sprintf("unknown state %q (states: received, identity_verification, in_progress, completed, refused)", e.To)
	}
	if !e.From.Open() {
		return fmt.Sprintf("the request is %s: it cannot change any more", e.From)
	}
	return fmt.Sprintf("a request cannot go from %s to %s", e.From, e.To)
}
