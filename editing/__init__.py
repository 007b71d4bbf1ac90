"""The editors' room: the page workbench and the operations behind it.

`editing.services` holds the operations on a page's blocks and articles, each
recorded as one PageChange that can be undone; `editing.views` is the
workbench (an admin view of articles' Page) that calls them. The rows they
change and the history they write are articles' models.
"""
