package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// bareWord is a selector that a random CSRF token or ID can hold: only
// letters, digits, "_" and "-".
var bareWord = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// TestBrowserSelectorsNotBareWords reads the browser tests of this
// package and fails on a chromedp query, submitted or clickedThrough whose
// selector is a bare-word string ("h1"): chromedp takes a plain string as
// a DOM search that also matches attribute values, and a wait for "h1"
// hung whenever a hidden CSRF token held "h1" (see browse). Such a
// selector goes as chromedp.CSS("h1").
func TestBrowserSelectorsNotBareWords(t *testing.T) {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 || !selectorCall(call.Fun) {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			checked++
			if s, err := strconv.Unquote(lit.Value); err == nil && bareWord.MatchString(s) {
				t.Errorf("%s: selector %s is a DOM search that also matches attribute values and text; write chromedp.CSS(%s)", fset.Position(lit.Pos()), lit.Value, lit.Value)
			}
			return true
		})
	}
	if checked < 100 {
		t.Errorf("read %d selectors in %d files, want the browser tests' hundreds", checked, len(files))
	}
}

// selectorCall reports whether fun is a function whose first argument is a
// selector: chromedp's element queries and this package's helpers.
func selectorCall(fun ast.Expr) bool {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name == "submitted" || f.Name == "clickedThrough"
	case *ast.SelectorExpr:
		pkg, ok := f.X.(*ast.Ident)
		if !ok || pkg.Name != "chromedp" {
			return false
		}
		switch f.Sel.Name {
		case "WaitVisible", "WaitReady", "WaitNotVisible", "WaitNotPresent", "WaitEnabled", "WaitSelected",
			"Text", "TextContent", "Value", "AttributeValue", "Attributes", "InnerHTML", "OuterHTML", "Nodes", "NodeIDs",
			"Click", "DoubleClick", "Tap", "SendKeys", "SetValue", "SetAttributeValue", "SetUploadFiles",
			"Submit", "Reset", "Focus", "Blur", "Clear", "ScrollIntoView", "Screenshot", "Dimensions", "ComputedStyle",
			"JavascriptAttribute", "SetJavascriptAttribute", "Query", "QueryAfter":
			return true
		}
	}
	return false
}
