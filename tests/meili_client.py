"""Drives `vnsearch serve` with the official Meilisearch Python client.

Run by tests/meili.rs (`official_python_client`) with the server's URL:

    target/meili-venv/bin/python tests/meili_client.py http://127.0.0.1:PORT

It searches with a filter and facets, runs a multi-search, gets a document,
reads the index, its settings and stats, and checks that errors come back
as `MeilisearchApiError` with Meilisearch's codes. Prints
"all client checks passed" at the end.
"""

import sys

import meilisearch
from meilisearch.errors import MeilisearchApiError


def expect_error(code, status, call):
    try:
        call()
    except MeilisearchApiError as error:
        assert error.code == code, (error.code, error.message)
        assert error.status_code == status, (error.status_code, error.message)
        assert error.link and error.type, error
        return error
    raise AssertionError(f"expected MeilisearchApiError {code}")


def main(url):
    client = meilisearch.Client(url, "any-key-is-ignored")
    assert client.is_healthy()
    assert client.health() == {"status": "available"}
    assert client.get_version()["pkgVersion"].startswith("1.")

    index = client.get_index("articles")
    assert index.primary_key == "id", index.primary_key
    assert index.created_at is not None and index.updated_at is not None
    assert [i.uid for i in client.get_indexes()["results"]] == ["articles"]

    # A search with a filter (any spelling of a place) and facets.
    articles = client.index("articles")
    result = articles.search(
        "dan van",
        {
            "filter": ["city = haiphong", "year >= 2022"],
            "facets": ["city", "year", "source"],
            "attributesToHighlight": ["title"],
            "attributesToRetrieve": ["id", "title", "city", "date"],
        },
    )
    assert result["estimatedTotalHits"] >= 1, result
    assert all(hit["city"] == "Hải Phòng" for hit in result["hits"]), result["hits"]
    assert result["facetDistribution"]["city"] == {"Hải Phòng": result["estimatedTotalHits"]}
    assert set(result["facetDistribution"]["year"]) <= {"2022", "2023"}
    assert any("<em>" in hit["_formatted"]["title"] for hit in result["hits"]), result["hits"]

    # Numbered pages.
    paged = articles.search("", {"hitsPerPage": 2, "page": 2, "sort": ["date:desc"]})
    assert paged["totalHits"] == 5 and paged["totalPages"] == 3, paged
    assert len(paged["hits"]) == 2

    # Multi-search.
    multi = client.multi_search(
        [
            {"indexUid": "articles", "q": "hoàng mai", "limit": 1},
            {"indexUid": "articles", "q": "", "filter": "city IN [hanoi, 'Bến Tre']", "facets": ["province_2025"]},
        ]
    )
    first, second = multi["results"]
    assert first["indexUid"] == "articles"
    assert first["hits"][0]["district"] == "Hoàng Mai", first
    assert second["estimatedTotalHits"] == 2, second
    assert second["facetDistribution"]["province_2025"] == {"Hà Nội": 1, "Vĩnh Long": 1}, second

    # One document.
    document = articles.get_document("004_8c31f129d15c69f0")
    assert document.city == "Hà Nội" and document.date == "2023-09-29", dict(document)
    assert articles.get_documents({"limit": 2}).total == 5

    settings = articles.get_settings()
    assert "city" in settings["filterableAttributes"], settings
    assert articles.get_filterable_attributes()
    assert articles.get_stats().number_of_documents == 5

    # Errors.
    error = expect_error(
        "invalid_search_filter", 400, lambda: articles.search("x", {"filter": "title = x"})
    )
    assert "filterable" in error.message
    expect_error("invalid_search_filter", 400, lambda: articles.search("x", {"filter": "(city = hanoi"}))
    expect_error("document_not_found", 404, lambda: articles.get_document("no-such-id"))
    expect_error("index_not_found", 404, lambda: client.index("movies").search("x"))
    expect_error("invalid_search_limit", 400, lambda: articles.search("x", {"limit": -1}))
    expect_error("read_only_index", 405, lambda: articles.add_documents([{"id": "x", "title": "y"}]))
    expect_error("read_only_index", 405, lambda: articles.update_filterable_attributes(["title"]))
    expect_error("read_only_index", 405, lambda: client.delete_index("articles"))

    print("all client checks passed")


if __name__ == "__main__":
    main(sys.argv[1])
