package rewrite

// bom is the UTF-8 byte order mark a file may open with: no data.
var bom = []byte{0xEF, 0xBB, 0xBF}
