package dev.ferry.core;
