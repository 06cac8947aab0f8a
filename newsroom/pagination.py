from django.core.paginator import Paginator

# Up to here a page's rows are read straight; past it, by id (see ArticlePaginator).
DIRECT_ROWS = 200


class ArticlePaginator(Paginator):
    """Pages of an article list; a deep page's OFFSET skips index entries, not whole articles.

    `LIMIT 20 OFFSET 8000` reads and throws away 8,000 full rows, bodies and all, so a busy
    tag's last pages slow down with every article the newsroom adds. Past DIRECT_ROWS a
    subquery picks the page's ids, in the list's order, from the indexes alone, and only those
    20 articles are read in full: as many queries as the first page, at a cost that no longer
    grows with the page number's rows. (Pages of article cards read their own way, from the
    nearer end of their list: articles/lists.py.)
    """

    def __init__(self, object_list, per_page, *args, count=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if count is not None:
            # Kept at write time (articles/tallies.py): no COUNT(*) over the list on every read.
            self.count = count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < DIRECT_ROWS:
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)
