"""The benchmark's sequential reference copier, written the way one-off copy scripts are: one Scan, page
after page, and 25-item BatchWriteItem calls one after another (unprocessed items retried, so that it does
the same work as Ferry), no verification. Usage: sequential_copy.py SOURCE_TABLE DESTINATION_TABLE; regions
from SOURCE_REGION and DESTINATION_REGION, endpoint and credentials from the usual AWS settings."""
import os
import sys

import boto3


def main(source_table, destination_table):
    endpoint = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB")
    src = boto3.client("dynamodb", region_name=os.environ["SOURCE_REGION"], endpoint_url=endpoint)
    dst = boto3.client("dynamodb", region_name=os.environ["DESTINATION_REGION"], endpoint_url=endpoint)
    copied = 0
    kwargs = {"TableName": source_table}
    while True:
        page = src.scan(**kwargs)
        items = page.get("Items", [])
        for i in range(0, len(items), 25):
            pending = {destination_table: [{"PutRequest": {"Item": item}} for item in items[i:i + 25]]}
            while pending:
                pending = dst.batch_write_item(RequestItems=pending).get("UnprocessedItems") or None
        copied += len(items)
        if "LastEvaluatedKey" not in page:
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    print(copied)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
