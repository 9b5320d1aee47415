package dev.ferry.local;
