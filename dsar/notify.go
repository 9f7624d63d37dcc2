package dsar

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// DueSoonDays is the "due soon" window of the metrics.
const DueSoonDays = 7

// RegisterMetrics registers gauges of open, due-soon (within 7 days) and
// overdue requests, computed at each scrape.
func (s *Service) RegisterMetrics(reg prometheus.Registerer) error {
	count := func(keep func(View) bool) func() float64 {
		return func() float64 {
			n := 0
			for _, v := range s.List(false) {
				if keep(v) {
					n++
				}
			}
			return float64(n)
		}
	}
	for _, g := range []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "piid_dsar_requests_open", Help: "Subject access requests not yet completed or refused."},
			count(func(View) bool { return true })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "piid_dsar_requests_due_soon", Help: "Open subject access requests due within 7 days (not overdue)."},
			count(func(v View) bool { return !v.Overdue && v.DaysLeft <= DueSoonDays })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "piid_dsar_requests_overdue", Help: "Open subject access requests past their due date."},
			count(func(v View) bool { return v.Overdue })),
	} {
		if err := reg.Register(g); err != nil {
			return err
		}
	}
	return nil
}

// Notifier posts deadline notices to a webhook.
type Notifier struct {
	URL string
	// Within: a request due within this many days gets a "due soon"
	// notice (DueSoonDays when 0).
	Within int
	// Every is how often requests are checked (1 minute when 0).
	Every  time.Duration
	Client *http.Client
}

// Notice is the webhook's JSON body: generic fields, and text for chat
// webhooks (Slack, Mattermost). It names the request, never the subject.
type Notice struct {
	Text     string    `json:"text"`
	Event    string    `json:"event"` // dsar.due_soon or dsar.overdue
	ID       string    `json:"id"`
	Status   State     `json:"status"`
	DueAt    time.Time `json:"due_at"`
	DaysLeft int       `json:"days_left"`
}

// Notify checks the open requests until ctx ends, sending each notice once
// per request; a failed post is retried at the next check.
func (s *Service) Notify(ctx context.Context, n Notifier) {
	if n.Every <= 0 {
		n.Every = time.Minute
	}
	if n.Within <= 0 {
		n.Within = DueSoonDays
	}
	if n.Client == nil {
		n.Client = &http.Client{Timeout: 10 * time.Second}
	}
	t := time.NewTicker(n.Every)
	defer t.Stop()
	for {
		s.notifyOnce(ctx, n)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Service) notifyOnce(ctx context.Context, n Notifier) {
	for _, v := range s.List(false) {
		kind := ""
		switch {
		case v.Overdue:
			kind = "overdue"
		case v.DaysLeft <= n.Within:
			kind = "due_soon"
		default:
			continue
		}
		r, ok := s.store.get(v.ID)
		if !ok || r.Notified[kind] {
			continue
		}
		notice := Notice{Event: "dsar." + kind, ID: v.ID, Status: v.Status, DueAt: v.DueAt, DaysLeft: v.DaysLeft}
		if kind == "overdue" {
			notice.Text = fmt.Sprintf("piid: subject access request %s is overdue (was due %s)", v.ID, v.DueAt.Format("2006-01-02"))
		} else {
			notice.Text = fmt.Sprintf("piid: subject access request %s is due in %d day(s) (%s)", v.ID, v.DaysLeft, v.DueAt.Format("2006-01-02"))
		}
		if err := PostWebhook(ctx, n.Client, n.URL, notice); err != nil {
			s.log.Warn("dsar webhook", "id", v.ID, "event", notice.Event, "error", err)
			continue
		}
		s.writes.Lock()
		if r, ok := s.store.get(v.ID); ok {
			if r.Notified == nil {
				r.Notified = map[string]bool{}
			}
			r.Notified[kind] = true
			if err := s.store.put(r); err != nil {
				s.log.Warn("dsar: recording a notice", "id", v.ID, "error", err)
			}
		}
		s.writes.Unlock()
	}
}

// PostWebhook posts v as JSON to url; an answer other than 2xx is an
// error.
func PostWebhook(ctx context.Context, client *http.Client, url string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("the webhook answered %s", resp.Status)
	}
	return nil
}
