package dev.ferry.dynamodb;
