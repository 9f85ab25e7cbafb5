"""End-to-end tests against a real MQTT broker and an emulated Zigbee2MQTT lock."""
