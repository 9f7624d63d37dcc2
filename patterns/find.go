package patterns

// Found is one finding of Find: its type, span, confidence and
// normalized value.
type Found struct {
	Type       string
	Start, End int
	Confidence float64
	Norm       string
}

// Find runs the whole catalog over text and returns what it accepts at or
// above minConf. It compiles the regex on every call: for tests, config
// checks and short texts, not for scanning files (see scanner/).
func (c *Catalog) Find(text []byte, minConf float64) ([]Found, error) {
	re, err := c.Compile()
	if err != nil {
		return nil, err
	}
	defer re.Close()
	s := c.NewScratch()
	s.NewText()
	ms, err := re.FindAll(text, make([]int, re.Passes()), len(text)+1, nil)
	if err != nil {
		return nil, err
	}
	var out []Found
	for _, m := range ms {
		r, ok := c.Evaluate(text, m.Start, m.End, m.Group, s)
		if ok && r.Confidence >= minConf {
			out = append(out, Found{Type: r.Type.ID, Start: r.Start, End: r.End, Confidence: r.Confidence, Norm: string(r.Norm)})
		}
	}
	return out, nil
}
