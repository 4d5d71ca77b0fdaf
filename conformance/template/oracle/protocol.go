// Package main is helmfire's template oracle: it renders Go text/template
// templates exactly as helmfile does, so that helmfire's TypeScript engine can
// be compared with the real thing byte for byte.
package main

// Request is one case, read as a JSON line.
type Request struct {
	ID string `json:"id"`
	// Template is the text parsed last and executed.
	Template string `json:"template"`
	// Data is YAML text decoded with yaml.v3 into interface{} (as helmfile
	// decodes values); empty means nil data.
	Data string `json:"data,omitempty"`
	// MissingKey is the missingkey option: default, invalid, zero or error.
	// With funcs=helmfile only error (normal render) and zero (first pass).
	MissingKey string `json:"missingkey,omitempty"`
	// Delims are custom action delimiters [left, right] (go and sprig only).
	Delims []string `json:"delims,omitempty"`
	// Funcs selects the function map: go (builtins only), sprig
	// (sprig.TxtFuncMap) or helmfile (helmfile's own renderer).
	Funcs string `json:"funcs,omitempty"`
	// Name is the template name (default "stringTemplate", as helmfile names it).
	Name string `json:"name,omitempty"`
	// Parses are texts parsed into the same set before Template (go and sprig
	// only); each with its own name, or into the main template when empty.
	Parses []Parse `json:"parses,omitempty"`
	// Execute names the template to execute (default: Name).
	Execute string `json:"execute,omitempty"`
	// Files are written under a fresh base directory, which is the working
	// directory and helmfile's base path while the case runs.
	Files map[string]string `json:"files,omitempty"`
	// Env is added to the (otherwise almost empty) environment for the case.
	Env map[string]string `json:"env,omitempty"`
}

// Parse is one extra text parsed into the template set.
type Parse struct {
	Name string `json:"name,omitempty"`
	Text string `json:"text"`
}

// Response is the answer to one Request, written as a JSON line.
type Response struct {
	ID string `json:"id"`
	// Output is everything written, also when execution stopped with an error.
	Output string `json:"output"`
	// Error is err.Error() exactly, empty when the case succeeded.
	Error string `json:"error,omitempty"`
	// Phase says where the error happened: data, parse or exec.
	Phase string `json:"phase,omitempty"`
	// BadUTF8 is set when Output or Error held invalid UTF-8, which a JSON
	// string cannot carry: those strings then hold U+FFFD in its place, and
	// OutputBytes / ErrorBytes (base64 in JSON) carry the exact bytes.
	BadUTF8     bool   `json:"badUtf8,omitempty"`
	OutputBytes []byte `json:"outputBytes,omitempty"`
	ErrorBytes  []byte `json:"errorBytes,omitempty"`
	// Panic is set when rendering panicked (a Go runtime error).
	Panic bool `json:"panic,omitempty"`
}
