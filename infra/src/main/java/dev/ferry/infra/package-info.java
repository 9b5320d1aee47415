package dev.ferry.infra;
