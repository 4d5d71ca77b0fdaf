package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"unicode/utf8"

	"github.com/Masterminds/sprig/v3"
	"github.com/helmfile/helmfile/pkg/filesystem"
	"github.com/helmfile/helmfile/pkg/tmpl"
	yaml "go.yaml.in/yaml/v3"
)

// helmfileName is the name helmfile gives every template it renders; error
// messages carry it, so it is the default here too.
const helmfileName = "stringTemplate"

// decodeData decodes YAML text the way helmfile decodes values files.
func decodeData(text string) (any, error) {
	if text == "" {
		return nil, nil
	}
	var v any
	if err := yaml.Unmarshal([]byte(text), &v); err != nil {
		return nil, err
	}
	return v, nil
}

// prepared is a parsed case, ready to be executed any number of times.
type prepared struct {
	run func(out *bytes.Buffer) error
}

// prepare parses a case (go or sprig funcs). Errors are parse errors.
func prepareStd(req *Request, data any) (*prepared, error) {
	name := req.Name
	if name == "" {
		name = helmfileName
	}
	t := template.New(name)
	if req.Funcs == "sprig" {
		t = t.Funcs(sprig.TxtFuncMap())
	}
	if req.MissingKey != "" {
		t = t.Option("missingkey=" + req.MissingKey)
	}
	if len(req.Delims) == 2 {
		t = t.Delims(req.Delims[0], req.Delims[1])
	}
	for _, p := range req.Parses {
		target := t
		if p.Name != "" && p.Name != name {
			target = t.New(p.Name)
		}
		if _, err := target.Parse(p.Text); err != nil {
			return nil, err
		}
	}
	if _, err := t.Parse(req.Template); err != nil {
		return nil, err
	}
	exec := req.Execute
	if exec == "" {
		exec = name
	}
	return &prepared{run: func(out *bytes.Buffer) error { return t.ExecuteTemplate(out, exec, data) }}, nil
}

// renderHelmfile renders with helmfile's own renderer (its function map,
// _*.tpl helpers from the base directory, include, tpl, missingkey=error, or
// missingkey=zero for the first pass).
func renderHelmfile(req *Request, data any, out *bytes.Buffer) (string, error) {
	if len(req.Parses) > 0 || len(req.Delims) > 0 || (req.Name != "" && req.Name != helmfileName) || req.Execute != "" {
		return "", fmt.Errorf("oracle: funcs=helmfile supports neither parses, delims, name nor execute")
	}
	var r *tmpl.FileRenderer
	switch req.MissingKey {
	case "", "error":
		r = tmpl.NewFileRenderer(filesystem.DefaultFileSystem(), ".", data)
	case "zero":
		r = tmpl.NewFirstPassRenderer(".", data)
	default:
		return "", fmt.Errorf("oracle: funcs=helmfile supports missingkey error or zero, not %q", req.MissingKey)
	}
	buf, err := r.Context.RenderTemplateToBuffer(req.Template, data)
	if buf != nil {
		out.Write(buf.Bytes())
	}
	if err != nil {
		if buf == nil {
			return "parse", err
		}
		return "exec", err
	}
	return "", nil
}

// render runs one case in the current process state (working directory and
// environment already set up by the caller).
func render(req *Request) (resp Response) {
	resp.ID = req.ID
	var out bytes.Buffer
	defer func() {
		if r := recover(); r != nil {
			resp.Panic = true
			resp.Phase = "exec"
			resp.Error = fmt.Sprint(r)
		}
		resp.Output = out.String()
		if !utf8.ValidString(resp.Output) || !utf8.ValidString(resp.Error) {
			resp.BadUTF8 = true
			resp.OutputBytes = []byte(resp.Output)
			resp.ErrorBytes = []byte(resp.Error)
		}
	}()
	data, err := decodeData(req.Data)
	if err != nil {
		resp.Phase, resp.Error = "data", err.Error()
		return
	}
	switch req.Funcs {
	case "helmfile":
		phase, err := renderHelmfile(req, data, &out)
		if err != nil {
			resp.Phase, resp.Error = phase, err.Error()
		}
	case "", "go", "sprig":
		p, err := prepareStd(req, data)
		if err != nil {
			resp.Phase, resp.Error = "parse", err.Error()
			return
		}
		if err := p.run(&out); err != nil {
			resp.Phase, resp.Error = "exec", err.Error()
		}
	default:
		resp.Phase, resp.Error = "data", fmt.Sprintf("oracle: unknown funcs %q", req.Funcs)
	}
	return
}

// sandbox prepares the working directory and environment for a case and
// returns a function that undoes it.
type sandbox struct {
	home  string // the directory the oracle started in
	empty string // a shared empty base directory for cases without files
}

func newSandbox() (*sandbox, error) {
	home, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	empty, err := os.MkdirTemp("", "template-oracle-")
	if err != nil {
		return nil, err
	}
	return &sandbox{home: home, empty: empty}, nil
}

func (s *sandbox) enter(req *Request) (func(), error) {
	base := s.empty
	if len(req.Files) > 0 {
		dir, err := os.MkdirTemp("", "template-oracle-case-")
		if err != nil {
			return nil, err
		}
		for rel, content := range req.Files {
			p := filepath.Join(dir, filepath.FromSlash(rel))
			if strings.HasSuffix(rel, "/") { // a directory
				if err := os.MkdirAll(p, 0o755); err != nil {
					return nil, err
				}
				continue
			}
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				return nil, err
			}
		}
		base = dir
	}
	if err := os.Chdir(base); err != nil {
		return nil, err
	}
	for k, v := range req.Env {
		_ = os.Setenv(k, v)
	}
	return func() {
		for k := range req.Env {
			_ = os.Unsetenv(k)
		}
		_ = os.Chdir(s.empty)
		if base != s.empty {
			_ = os.RemoveAll(base)
		}
	}, nil
}

func (s *sandbox) close() {
	_ = os.Chdir(s.home)
	_ = os.RemoveAll(s.empty)
}

// resetEnv leaves only PATH in the environment and fixes the local time zone
// to UTC, so that cases see the same environment on every machine.
func resetEnv() {
	path := os.Getenv("PATH")
	os.Clearenv()
	_ = os.Setenv("PATH", path)
	_ = os.Setenv("TZ", "UTC")
}
