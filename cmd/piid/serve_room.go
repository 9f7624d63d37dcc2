package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/index"
)

// roomNotice is the webhook's body when the index stops or resumes taking
// writes (the data volume's free space against its watermarks): no
// personal data, no path.
type roomNotice struct {
	Text          string `json:"text"`
	Event         string `json:"event"` // index.writes_blocked or index.writes_resumed
	FreeBytes     int64  `json:"free_bytes"`
	LowWatermark  int64  `json:"low_watermark_bytes"`
	HighWatermark int64  `json:"high_watermark_bytes"`
}

func newRoomNotice(r index.Room) roomNotice {
	n := roomNotice{Event: "index.writes_resumed", FreeBytes: r.Free, LowWatermark: r.Low, HighWatermark: r.High}
	n.Text = fmt.Sprintf("piid: the data volume has room again (%d bytes free): indexing resumes", r.Free)
	if !r.Writable() {
		n.Event = "index.writes_blocked"
		n.Text = fmt.Sprintf("piid: the data volume is below its low watermark (%d bytes free, low watermark %d): indexing waits until %d bytes are free; searches and reports go on",
			r.Free, r.Low, r.High)
	}
	return n
}

// notifyRoom posts a notice to the webhook each time the index stops or
// resumes taking writes, and one at start if it starts stopped. Notices
// are posted in order, off the index's watching goroutine.
func notifyRoom(ctx context.Context, ix *index.Index, url string, log *slog.Logger) {
	notices := make(chan roomNotice, 16)
	ix.OnRoomChange(func(r index.Room) {
		select {
		case notices <- newRoomNotice(r):
		default: // a webhook that slow has missed a flap: the next notice says where things are
		}
	})
	if r := ix.Room(); !r.Writable() {
		notices <- newRoomNotice(r)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case n := <-notices:
				if err := dsar.PostWebhook(ctx, client, url, n); err != nil {
					log.Warn("index webhook", "event", n.Event, "error", err)
				}
			}
		}
	}()
}
