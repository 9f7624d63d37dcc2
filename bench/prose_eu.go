package bench

// English messages name the ids of euIDs by their national words.
func init() {
	for _, l := range langs {
		if l.code == "en" {
			for _, id := range euIDs {
				l.idLabels[id.t] = id.label
			}
		}
	}
}

// euIDType gives an English writer one of euIDs' ids now and then (they
// live in Belgium, Austria, Portugal, the Nordics or Ireland).
func euIDType(r *rng, t typ) typ {
	if r.chance(0.15) {
		return pick(r, euIDs).t
	}
	return t
}

// euIDGen is the generator of an id of euIDs, nil for another type.
func euIDGen(t typ) func(*rng) string {
	for _, id := range euIDs {
		if id.t == t {
			return id.gen
		}
	}
	return nil
}

// euDecoy writes a near miss of one of euIDs, named by its own words.
func euDecoy(w *fw) {
	r := w.r
	id := pick(r, euIDs)
	w.s(pick(r, []string{"Sample ", "Test value for ", "Rejected "}))
	w.s(id.label)
	w.c(' ')
	w.s(id.bad(r))
	w.s(pick(r, []string{" from the style guide.", " did not validate.", " (checksum error)."}))
}
