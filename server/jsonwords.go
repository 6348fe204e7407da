package server

import (
	"reflect"
	"strings"

	"koppel/i18n"
)

// jsonWant says what a field of type t takes, in words of the reader's
// language (text, a number, a list…) rather than Go's type name.
func jsonWant(t reflect.Type) i18n.Localized {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	key := "api.json_value"
	if t != nil {
		switch t.Kind() {
		case reflect.String:
			key = "api.json_text"
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			key = "api.json_whole_number"
		case reflect.Float32, reflect.Float64:
			key = "api.json_number"
		case reflect.Bool:
			key = "api.json_bool"
		case reflect.Slice, reflect.Array:
			key = "api.json_list"
		case reflect.Map, reflect.Struct:
			key = "api.json_object"
		}
	}
	return func(l i18n.Lang) string { return i18n.T(l, key) }
}

// jsonGot says a JSON value as encoding/json describes it ("string",
// "number", "number 2.5", "bool", "array", "object") in words of the
// reader's language.
func jsonGot(v string) i18n.Localized {
	key := map[string]string{"string": "api.json_text", "number": "api.json_number", "bool": "api.json_bool", "array": "api.json_list", "object": "api.json_object"}[v]
	if n, ok := strings.CutPrefix(v, "number "); ok {
		return func(l i18n.Lang) string { return i18n.T(l, "api.json_number_value", "Value", n) }
	}
	if key == "" {
		key = "api.json_value"
	}
	return func(l i18n.Lang) string { return i18n.T(l, key) }
}
