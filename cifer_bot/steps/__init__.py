"""The six steps of the registration guide, one module each, in the guide's order:

1. `landing`: the old portal's landing page, the orange tab;
2. `portal_menu`: the new portal, the CIFER hover menu and its link;
3. `login` (log in, through the captcha pause) or `account` (the registration form);
4. `home`: the registration system's home, the grey tab 注册申请;
5. `category`: the food category and its sub-item;
6. `application`: the application form, filled, read back, and left for review.
"""
