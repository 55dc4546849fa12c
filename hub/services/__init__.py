"""Operations shared by the console and the API, built on hub.connections and hub.sync."""
