// Command kstatus prints kstatus's verdict (sigs.k8s.io/cli-utils/pkg/kstatus/status.Compute) for every
// Kubernetes object in the YAML or JSON files it is given (multi-document YAML and v1 Lists included),
// one line per object:
//
//	<kind> <namespace>/<name> <Ready reason> <kstatus status> <kstatus message>
//
// separated by tabs; "-" stands for an absent Ready condition. It is the same code Flux, kpt and Config
// Sync run to decide whether a resource is Current, InProgress or Failed.
//
//	usage: kstatus FILE...   (or - for standard input)
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: kstatus FILE... (- for standard input)")
		os.Exit(2)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, path := range os.Args[1:] {
		if err := printVerdicts(out, path); err != nil {
			out.Flush()
			fmt.Fprintf(os.Stderr, "kstatus: %s: %v\n", path, err)
			os.Exit(1)
		}
	}
}

func printVerdicts(out io.Writer, path string) error {
	in := os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	decoder := utilyaml.NewYAMLOrJSONDecoder(in, 4096)
	for {
		var document json.RawMessage
		if err := decoder.Decode(&document); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if len(document) == 0 || string(document) == "null" {
			continue // an empty document
		}
		// The unstructured JSON scheme keeps integers int64, as the API server's own decoding does.
		decoded, _, err := unstructured.UnstructuredJSONScheme.Decode(document, nil, nil)
		if err != nil {
			return err
		}
		var objects []*unstructured.Unstructured
		switch o := decoded.(type) {
		case *unstructured.Unstructured:
			objects = append(objects, o)
		case *unstructured.UnstructuredList:
			for i := range o.Items {
				objects = append(objects, &o.Items[i])
			}
		default:
			return fmt.Errorf("unexpected %T", decoded)
		}
		for _, u := range objects {
			result, err := status.Compute(u)
			if err != nil {
				return fmt.Errorf("%s %s/%s: %w", u.GetKind(), u.GetNamespace(), u.GetName(), err)
			}
			fmt.Fprintf(out, "%s\t%s/%s\t%s\t%s\t%s\n",
				u.GetKind(), u.GetNamespace(), u.GetName(), readyReason(u), result.Status, result.Message)
		}
	}
}

// readyReason is the reason of the object's Ready condition, or "-".
func readyReason(u *unstructured.Unstructured) string {
	conditions, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
	for _, c := range conditions {
		if m, ok := c.(map[string]interface{}); ok && m["type"] == "Ready" {
			if reason, ok := m["reason"].(string); ok && reason != "" {
				return reason
			}
		}
	}
	return "-"
}
