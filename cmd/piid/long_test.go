package main

import "flag"

// long runs the scale tests at full size (make test-long); without it
// they prove the same on smaller corpora.
var long = flag.Bool("long", false, "run the scale tests at full size")
