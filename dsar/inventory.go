package dsar

import (
	"fmt"
	"strings"

	"github.com/piid/piid/scanner/glob"
)

// Inventory is the data inventory: processing activities, each covering
// categories of data or files by path glob, with what Art. 15 tells a
// subject about them.
type Inventory struct {
	entries []inventoryEntry
}

type inventoryEntry struct {
	InventoryEntry
	globs []*glob.Glob
}

// NewInventory checks and compiles the config's inventory entries. Path
// globs match whole paths: * and ? stay within a folder, ** crosses
// folders; a glob without a slash matches the file's base name.
func NewInventory(entries []InventoryEntry) (Inventory, error) {
	var inv Inventory
	for _, e := range entries {
		ie := inventoryEntry{InventoryEntry: e}
		for _, g := range e.Paths {
			re, err := compileGlob(g)
			if err != nil {
				return Inventory{}, fmt.Errorf("inventory %q: path %q: %v", e.Name, g, err)
			}
			ie.globs = append(ie.globs, re)
		}
		inv.entries = append(inv.entries, ie)
	}
	return inv, nil
}

// compileGlob compiles an inventory path glob, matched against whole
// paths; one without a slash matches the file's base name, in any folder.
func compileGlob(g string) (*glob.Glob, error) {
	if g != "" && !strings.Contains(g, "/") {
		g = "**/" + g
	}
	return glob.Compile(g)
}

// Context is the inventory's answer for one category of data in a report.
type Context struct {
	Category string `json:"category"`
	// Types are the data types of the category found for the subject.
	Types []string `json:"types"`
	// Processing are the inventory's activities covering the category
	// (by category, or by the path of a file where it was found).
	Processing []InventoryEntry `json:"processing"`
	// Undocumented says no inventory entry covers this category: the
	// controller must still say why it processes it.
	Undocumented bool `json:"undocumented,omitempty"`
}

// covering returns the entries that cover category, directly or through
// one of paths.
func (inv Inventory) covering(category string, paths []string) []InventoryEntry {
	out := []InventoryEntry{}
	for _, e := range inv.entries {
		if e.covers(category, paths) {
			out = append(out, e.InventoryEntry)
		}
	}
	return out
}

func (e inventoryEntry) covers(category string, paths []string) bool {
	catOK := len(e.Categories) == 0
	for _, c := range e.Categories {
		if c == category {
			catOK = true
		}
	}
	if !catOK {
		return false
	}
	if len(e.globs) == 0 {
		return len(e.Categories) > 0
	}
	for _, p := range paths {
		for _, g := range e.globs {
			if g.Match(p) {
				return true
			}
		}
	}
	return false
}
