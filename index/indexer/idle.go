package indexer

// Idle says whether no file waits to be indexed and none is being
// indexed: after the first reconcile (Ready), the index holds every file
// of the roots (piid index rebuild waits for it).
func (d *Indexer) Idle() bool {
	d.q.mu.Lock()
	defer d.q.mu.Unlock()
	return len(d.q.order) == 0 && len(d.q.busy) == 0
}
