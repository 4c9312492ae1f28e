from services.aggregator.app import main

main()
