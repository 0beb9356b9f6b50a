"""The window itself: main window, menus, the pages around the rooms, start-up screens."""
