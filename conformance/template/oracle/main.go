package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

const usage = `template-oracle renders Go templates the way helmfile does.

  template-oracle batch          JSON requests on stdin (one a line), JSON responses on stdout
  template-oracle once [-funcs helmfile|sprig|go] [-missingkey M] TEMPLATE [DATA_YAML]
  template-oracle bench -n N     parse every request on stdin once, execute each N times, print the time
`

// caseTimeout bounds one case; the oracle exits after answering a case that
// ran over it, since the stuck goroutine cannot be stopped.
const caseTimeout = 60 * time.Second

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	resetEnv()
	var err error
	switch os.Args[1] {
	case "batch":
		err = batch(os.Stdin, os.Stdout)
	case "once":
		err = once(os.Args[2:])
	case "bench":
		err = bench(os.Args[2:], os.Stdin, os.Stdout)
	default:
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "template-oracle:", err)
		os.Exit(1)
	}
}

func readRequests(in io.Reader, each func(*Request) error) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var req Request
		if err := json.Unmarshal(line, &req); err != nil {
			return fmt.Errorf("bad request line: %v", err)
		}
		if err := each(&req); err != nil {
			return err
		}
	}
	return sc.Err()
}

func runCase(sb *sandbox, req *Request) Response {
	leave, err := sb.enter(req)
	if err != nil {
		return Response{ID: req.ID, Phase: "data", Error: "oracle: " + err.Error()}
	}
	defer leave()
	done := make(chan Response, 1)
	go func() { done <- render(req) }()
	select {
	case resp := <-done:
		return resp
	case <-time.After(caseTimeout):
		return Response{ID: req.ID, Phase: "exec", Error: "oracle: timeout"}
	}
}

func batch(in io.Reader, out io.Writer) error {
	sb, err := newSandbox()
	if err != nil {
		return err
	}
	defer sb.close()
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return readRequests(in, func(req *Request) error {
		resp := runCase(sb, req)
		if err := enc.Encode(resp); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
		if resp.Error == "oracle: timeout" {
			sb.close()
			os.Exit(3)
		}
		return nil
	})
}

func once(args []string) error {
	fs := flag.NewFlagSet("once", flag.ContinueOnError)
	funcs := fs.String("funcs", "helmfile", "function map: helmfile, sprig or go")
	missing := fs.String("missingkey", "", "missingkey option (default: error for helmfile, default otherwise)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		return fmt.Errorf("once wants TEMPLATE [DATA_YAML]")
	}
	req := &Request{ID: "once", Template: fs.Arg(0), Data: fs.Arg(1), Funcs: *funcs, MissingKey: *missing}
	sb, err := newSandbox()
	if err != nil {
		return err
	}
	defer sb.close()
	resp := runCase(sb, req)
	fmt.Print(resp.Output)
	if resp.Error != "" {
		if resp.Output != "" {
			fmt.Println()
		}
		fmt.Fprintf(os.Stderr, "%s error: %s\n", resp.Phase, resp.Error)
		sb.close()
		os.Exit(1)
	}
	return nil
}
