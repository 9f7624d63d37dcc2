package rewrite

import "flag"

// long runs the scale tests at full size (make test-long); without it
// they go through the same phases on smaller files.
var long = flag.Bool("long", false, "run the scale tests at full size")
