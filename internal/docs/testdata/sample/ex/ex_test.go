package ex

import "fmt"

func ExampleHello() {
	fmt.Println("hello")
	// Output:
	// hello
}

func ExampleQuiet() {
	fmt.Println("not run")
}
