package main

import "github.com/parallax-news/parallax/internal/cputime"

var cpuTime = cputime.Self
