package indexer

import "sync"

// item is a file waiting to be indexed, and the API scans waiting on it.
type item struct {
	path  string
	force bool // rescan even if unchanged (an API scan, a crash recovery)
	jobs  []*job
}

// queue holds each dirty path once, in arrival order, and never hands out
// a path that a worker is still indexing: an event during its scan queues
// it again, for after.
type queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	order  []string
	items  map[string]*item
	busy   map[string]bool
	closed bool
}

func newQueue() *queue {
	q := &queue{items: map[string]*item{}, busy: map[string]bool{}}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// push queues path (merging with a queued entry for the same path).
func (q *queue) push(path string, force bool, j *job) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	it := q.items[path]
	if it == nil {
		it = &item{path: path}
		q.items[path] = it
		q.order = append(q.order, path)
	}
	it.force = it.force || force
	if j != nil {
		it.jobs = append(it.jobs, j)
	}
	q.cond.Signal()
}

// pop waits for a path no worker holds; ok is false once closed.
func (q *queue) pop() (*item, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if q.closed {
			return nil, false
		}
		for i, p := range q.order {
			if q.busy[p] {
				continue
			}
			it := q.items[p]
			if i == 0 {
				q.order = q.order[1:] // the usual case, without a copy
			} else {
				q.order = append(q.order[:i], q.order[i+1:]...)
			}
			delete(q.items, p)
			q.busy[p] = true
			return it, true
		}
		q.cond.Wait()
	}
}

// done releases a path popped earlier.
func (q *queue) done(path string) {
	q.mu.Lock()
	delete(q.busy, path)
	q.mu.Unlock()
	q.cond.Broadcast()
}

// len is the number of paths waiting.
func (q *queue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.order)
}

// close wakes the workers and drops what waits; the jobs of dropped items
// are failed by the caller's shutdown.
func (q *queue) close() []*item {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	var left []*item
	for _, p := range q.order {
		left = append(left, q.items[p])
	}
	q.order, q.items = nil, map[string]*item{}
	q.cond.Broadcast()
	return left
}
