from cifer_bot.cli import main

main()
