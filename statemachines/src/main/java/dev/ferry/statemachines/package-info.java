package dev.ferry.statemachines;
