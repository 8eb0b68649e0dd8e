"""The school hub: receives the laptops' signed reports and shows the school its numbers."""
